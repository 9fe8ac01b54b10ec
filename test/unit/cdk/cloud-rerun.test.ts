import { spawnSync } from 'node:child_process';

import { loadTestInstances, rerunCommands } from '../../../lib/cloud/rerun';
import { CloudBedError } from '../../../lib/errors';

it('finds the load-test instances in the Nodes output', () => {
  expect(
    loadTestInstances('Cassandra0=i-0a,Cassandra1=i-0b,Tests0=i-0c,Tests1=i-0d,Ganglia0=i-0e'),
  ).toEqual(['i-0c', 'i-0d']);
  expect(() => loadTestInstances('Cassandra0=i-0a')).toThrow(CloudBedError);
  expect(() => loadTestInstances(undefined)).toThrow(/names no load-test instance/);
});

it("rewrites the launcher's env file for the new run and starts the tests role in the background", () => {
  const commands = rerunCommands(
    'r20261208-010000-ab12',
    'beds/b/runs/r20261208-010000-ab12/spec.json',
  );
  const script = commands.join('\n');
  expect(script).toContain('--env-file /opt/testbed/node-r20261208-010000-ab12.env');
  expect(script).toMatch(/setsid nohup node_modules\/\.bin\/tsx bootstrap\/main\.ts/);
  // The sed program gives the run its id, spec key and work directory.
  const sed = commands
    .find((c) => c.startsWith('sed '))
    ?.replace(/ \/opt\/testbed\/node\.env > .*$/, '');
  const r = spawnSync(
    'bash',
    [
      '-c',
      `printf 'TESTBED_ROLE=tests\\nTESTBED_RUN_ID=r0\\nTESTBED_SPEC_KEY=beds/b/runs/r0/spec.json\\nTESTBED_WORK_DIR=/var/lib/testbed\\n' | ${sed}`,
    ],
    {
      encoding: 'utf8',
    },
  );
  expect(r.stdout.trim().split('\n')).toEqual([
    'TESTBED_ROLE=tests',
    'TESTBED_RUN_ID=r20261208-010000-ab12',
    'TESTBED_SPEC_KEY=beds/b/runs/r20261208-010000-ab12/spec.json',
    'TESTBED_WORK_DIR=/var/lib/testbed/runs/r20261208-010000-ab12',
  ]);
});

it('refuses run ids and keys that would break the shell script', () => {
  expect(() => rerunCommands("r1'; rm -rf /", 'k')).toThrow(CloudBedError);
  expect(() => rerunCommands('r1', 'k with space')).toThrow(CloudBedError);
});
