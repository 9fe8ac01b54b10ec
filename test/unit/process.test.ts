import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { waitFor } from '../../common/wait';
import { nodeScriptCommand } from '../../services/node-script';
import { ownedProcessCount, ServiceProcess } from '../../services/process';

const dir = mkdtempSync(path.join(tmpdir(), 'proc-'));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function sleeper(marker: string): ServiceProcess {
  return ServiceProcess.start({
    name: 'sleeper',
    command: '/bin/sh',
    args: ['-c', 'trap "echo got-term; exit 0" TERM; while true; do sleep 0.1; done', marker],
    cwd: dir,
    outputFile: path.join(dir, `${marker}.log`),
    marker,
  });
}

describe('ServiceProcess', () => {
  it('stops a process gracefully with SIGTERM', async () => {
    const p = sleeper('graceful');
    expect(p.isAlive()).toBe(true);
    expect(ownedProcessCount()).toBeGreaterThan(0);
    await expect(p.stop(10_000)).resolves.toBe('stopped');
    expect(readFileSync(path.join(dir, 'graceful.log'), 'utf8')).toContain('got-term');
  });

  it('kills a process that ignores SIGTERM once the grace period is over', async () => {
    const p = ServiceProcess.start({
      name: 'stubborn',
      command: '/bin/sh',
      args: ['-c', 'trap "" TERM; while true; do sleep 0.1; done', 'stubborn'],
      cwd: dir,
      outputFile: path.join(dir, 'stubborn.log'),
      marker: 'stubborn',
    });
    await expect(p.stop(300)).resolves.toBe('killed');
    expect(alive(p.pid)).toBe(false);
  });

  it('re-attaches by pid only while the marker matches', async () => {
    const p = sleeper('attach-me');
    expect(ServiceProcess.attach('again', p.pid, 'attach-me')?.isAlive()).toBe(true);
    expect(ServiceProcess.attach('other', p.pid, 'someone-else')).toBeUndefined();
    await p.kill();
    expect(ServiceProcess.attach('again', p.pid, 'attach-me')).toBeUndefined();
  });

  it('is killed by its watchdog when the owning process is killed with SIGKILL', async () => {
    // A Node process starts a service, prints its pid, and is then killed outright.
    const script = path.join(__dirname, '..', 'support', 'start-and-hang.ts');
    const { command, args } = nodeScriptCommand(script, [dir]);
    const owner = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    const servicePid = await new Promise<number>((resolve) => {
      owner.stdout.on('data', (chunk: Buffer) => {
        const m = /SERVICE (\d+)/.exec(chunk.toString());
        if (m) resolve(Number(m[1]));
      });
    });
    expect(alive(servicePid)).toBe(true);
    owner.kill('SIGKILL');
    await waitFor(() => !alive(servicePid), {
      description: 'the orphaned service to be killed',
      timeoutMs: 20_000,
    });
  });
});
