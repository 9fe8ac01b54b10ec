/**
 * The generated EC2 user-data launcher, run under bash against the local S3 server: it downloads
 * the bundle and the runtime, writes the contract's env file and hands over to
 * `node_modules/.bin/tsx bootstrap/main.ts --env-file …` (a fixture bootstrap that records what
 * it got). `TESTBED_LAUNCHER_LOCAL_TEST=1` keeps it from powering off or installing packages.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { PutObjectCommand } from '@aws-sdk/client-s3';

import { localS3Client, startS3Server, type S3Server } from '../../local';
import { renderLauncher } from '../../lib/private/launcher';
import { motoVenvBin } from '../support/moto';

const root = path.resolve(__dirname, '../..');
let s3: S3Server;
let dir: string;
let venvBin: string;

beforeAll(async () => {
  venvBin = motoVenvBin();
  dir = mkdtempSync(path.join(os.tmpdir(), 'testbed-launcher-'));
  s3 = await startS3Server({ dir: path.join(dir, 's3'), buckets: ['assets', 'results'] });
  // The app archive: a fixture bootstrap/main.ts and the project's node_modules (tsx).
  const app = path.join(dir, 'app');
  mkdirSync(path.join(app, 'bootstrap'), { recursive: true });
  writeFileSync(
    path.join(app, 'bootstrap/main.ts'),
    `import { writeFileSync, readFileSync } from 'node:fs';
const envFile = process.argv[process.argv.indexOf('--env-file') + 1] as string;
const env = Object.fromEntries(readFileSync(envFile, 'utf8').trim().split('\\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
writeFileSync(env.TESTBED_WORK_DIR + '/handed-over.json', JSON.stringify({ argv: process.argv.slice(2), env, node: process.version }));
`,
  );
  symlinkSync(path.join(root, 'node_modules'), path.join(app, 'node_modules'));
  const runtime = path.join(dir, 'runtime/package/bin');
  mkdirSync(runtime, { recursive: true });
  symlinkSync(process.execPath, path.join(runtime, 'node'));
  tar(['-czf', path.join(dir, 'app.tar.gz'), '-C', app, '.']);
  tar(['-czf', path.join(dir, 'node.tgz'), '-C', path.join(dir, 'runtime'), 'package']);
  const client = localS3Client(s3.endpoint);
  for (const [key, file] of [
    ['bundle/app.tar.gz', 'app.tar.gz'],
    ['bundle/node.tgz', 'node.tgz'],
  ] as const) {
    await client.send(
      new PutObjectCommand({
        Bucket: 'assets',
        Key: key,
        Body: readFileSync(path.join(dir, file)),
      }),
    );
  }
  client.destroy();
});

afterAll(async () => {
  await s3.close();
});

function tar(args: string[]): void {
  const r = spawnSync('tar', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tar ${args.join(' ')}: ${r.stderr}`);
}

it('fetches the bundle from S3, writes the env file and hands over to the bootstrap role', async () => {
  const script = renderLauncher({
    role: 'cassandra',
    index: 1,
    bedId: 'demo',
    region: 'us-east-1',
    stackName: 'Testbed-demo',
    logicalId: 'Cassandra1Instance0123',
    bundle: { bucket: 'assets', key: 'bundle/app.tar.gz' },
    runtime: { bucket: 'assets', key: 'bundle/node.tgz' },
    status: { bucket: 'results', key: 'beds/demo/runs/r1/status/cassandra-1.json' },
    env: [
      ['TESTBED_ROLE', 'cassandra'],
      ['TESTBED_NODE_INDEX', '1'],
      ['TESTBED_NODE_ADDRESS', '10.42.0.11'],
      ['TESTBED_S3_BUCKET', 'results'],
      ['TESTBED_CASSANDRA_SEEDS', '10.42.0.10,10.42.0.11'],
      ['TESTBED_WORK_DIR', '/var/lib/testbed'],
    ],
    powerOffAtEpochSeconds: Math.floor(Date.now() / 1000) + 3600,
    readyTimeoutSeconds: 60,
    aptPackages: ['openjdk-17-jdk-headless'],
    mountInstanceStore: true,
  });
  const launcherRoot = path.join(dir, 'opt');
  const work = path.join(dir, 'work');
  const awsConfig = path.join(dir, 'aws-config');
  writeFileSync(awsConfig, '[default]\nregion = us-east-1\ns3 =\n  addressing_style = path\n');
  // Asynchronously: the S3 server runs in this process and must keep serving.
  const child = spawn('bash', ['-c', script], {
    stdio: 'ignore',
    timeout: 120_000,
    env: {
      PATH: `${venvBin}:${process.env.PATH ?? ''}`,
      HOME: dir,
      TESTBED_LAUNCHER_LOCAL_TEST: '1',
      TESTBED_LAUNCHER_ROOT: launcherRoot,
      TESTBED_LAUNCHER_WORK_DIR: work,
      AWS_ENDPOINT_URL: s3.endpoint,
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_CONFIG_FILE: awsConfig,
    },
  });
  const status = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const log = readFileSync(path.join(launcherRoot, 'launcher.log'), 'utf8');
  expect({ status, log }).toMatchObject({ status: 0 });
  expect(log).toMatch(/local test: would power off in (59|60) min/);
  expect(log).toContain('local test: would install the SSM agent and: openjdk-17-jdk-headless');
  expect(log).toContain('local test: would format and mount 0 instance-store device(s)');
  expect(log).toContain(process.version);
  expect(log).toContain('hand-over: cassandra 1 runs bootstrap/main.ts');
  expect(log).toContain('local test: would signal SUCCESS (bootstrap finished)');
  const handed = JSON.parse(readFileSync(path.join(work, 'handed-over.json'), 'utf8')) as {
    argv: string[];
    env: Record<string, string>;
    node: string;
  };
  expect(handed.argv).toEqual(['--env-file', path.join(launcherRoot, 'node.env')]);
  expect(handed.node).toBe(process.version);
  expect(handed.env).toEqual({
    TESTBED_ROLE: 'cassandra',
    TESTBED_NODE_INDEX: '1',
    TESTBED_NODE_ADDRESS: '10.42.0.11',
    TESTBED_S3_BUCKET: 'results',
    TESTBED_CASSANDRA_SEEDS: '10.42.0.10,10.42.0.11',
    TESTBED_WORK_DIR: work,
  });
});
