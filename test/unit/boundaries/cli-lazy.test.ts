/** The CLI declares every command in one place and loads a command's module only when it runs. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const root = path.resolve(__dirname, '..', '..', '..');

it('building the command tree (as --help does) loads no command module and no client library', async () => {
  const probe = `const { buildProgram } = require('./bin/testbed.ts');
buildProgram();
const ours = Object.keys(require.cache).filter((f) => !f.includes('/node_modules/')).map((f) => f.slice(${JSON.stringify(root)}.length + 1));
const libs = Object.keys(require.cache).filter((f) => f.includes('/node_modules/')).map((f) => f.split('/node_modules/')[1].split('/')[0]);
console.log(JSON.stringify({ ours: ours.sort(), libs: [...new Set(libs)].sort() }));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['-r', 'tsx/cjs', '-e', probe], {
    cwd: root,
    timeout: 60_000,
  });
  const loaded = JSON.parse(stdout) as { ours: string[]; libs: string[] };
  // The entry point's own small modules (exit codes, signal handling) and nothing of a command;
  // even the error mapping (bin/error-exit.ts) loads only when an error reaches main().
  expect(loaded.ours).toEqual([
    'bin/exit-codes.ts',
    'bin/signals.ts',
    'bin/testbed.ts',
    'tests-runner/targets/kinds.ts',
  ]);
  const heavy = [
    'cassandra-driver',
    'apache-ignite-client',
    '@aws-sdk',
    's3rver',
    'zx',
    'zod',
    'yaml',
    'aws-cdk-lib',
    '@aws-cdk',
  ];
  expect(loaded.libs.filter((l) => heavy.includes(l))).toEqual([]);
  expect(loaded.libs).toContain('commander');
}, 90_000);
