import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { daemonStarter } from '../../bootstrap/shared/daemons';
import type { ProcessRunner } from '../../services/environment';

const noRunner: ProcessRunner = {
  start: () => {
    throw new Error('the systemd mode starts no child process');
  },
};

describe('monitoring daemons (the mode the env file names)', () => {
  it('installs, enables and starts a systemd unit running the foreground command', async () => {
    const unitDir = mkdtempSync(path.join(tmpdir(), 'units-'));
    const calls: string[] = [];
    const start = daemonStarter({
      mode: 'systemd',
      runner: noRunner,
      unitDir,
      system: (command, args) => {
        calls.push([command, ...args].join(' '));
        return Promise.resolve();
      },
    });
    const daemon = await start({
      name: 'gmond cassandra-0',
      unit: 'testbed-gmond.service',
      command: '/usr/sbin/gmond',
      args: ['-f', '-c', '/var/lib/testbed/ganglia/gmond.conf'],
      dir: '/var/lib/testbed/ganglia',
    });
    expect(readFileSync(path.join(unitDir, 'testbed-gmond.service'), 'utf8')).toContain(
      'ExecStart=/usr/sbin/gmond -f -c /var/lib/testbed/ganglia/gmond.conf',
    );
    expect(daemon.process).toBeUndefined();
    await daemon.stop();
    expect(calls).toEqual([
      'systemctl daemon-reload',
      'systemctl enable testbed-gmond.service',
      'systemctl restart testbed-gmond.service',
      'systemctl stop testbed-gmond.service',
    ]);
  });
});
