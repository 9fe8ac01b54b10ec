import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { UsageError } from '../../common/errors';
import { readIdentity, renderEnvFile } from '../../bootstrap/shared/identity';
import { isPermanentS3Error, withRetries } from '../../bootstrap/shared/retry';
import { statusTable } from '../../local/bed/progress';

const dir = mkdtempSync(path.join(tmpdir(), 'bootstrap-'));
const ENV = {
  TESTBED_ROLE: 'cassandra',
  TESTBED_NODE_INDEX: 1,
  TESTBED_BED_ID: 'local-small',
  TESTBED_RUN_ID: 'r20261207-211500-3fa9',
  TESTBED_NODE_ADDRESS: '10.0.1.12',
  TESTBED_S3_BUCKET: 'my-beds',
  TESTBED_S3_PREFIX: 'beds/local-small',
  TESTBED_S3_REGION: 'eu-west-1',
  TESTBED_S3_ENDPOINT: '',
  TESTBED_SPEC_KEY: 'beds/local-small/runs/r20261207-211500-3fa9/spec.json',
  TESTBED_WORK_DIR: '/var/lib/testbed',
  TESTBED_ARTIFACTS_KEY: 'beds/local-small/artifacts/',
};

function envFile(values: Record<string, string | number | undefined>): string {
  const file = path.join(dir, `${Math.random()}.env`);
  writeFileSync(file, `# a node\n\n${renderEnvFile(values)}`);
  return file;
}

describe('bootstrap identity (the env-file contract)', () => {
  it('reads every key of the contract', () => {
    expect(readIdentity(envFile({ ...ENV, TESTBED_DEADLINE: '2026-12-07T23:00:00Z' }))).toEqual({
      role: 'cassandra',
      index: 1,
      bedId: 'local-small',
      runId: 'r20261207-211500-3fa9',
      address: '10.0.1.12',
      s3: { bucket: 'my-beds', prefix: 'beds/local-small', region: 'eu-west-1', endpoint: '' },
      specKey: ENV.TESTBED_SPEC_KEY,
      workDir: '/var/lib/testbed',
      artifactsKey: ENV.TESTBED_ARTIFACTS_KEY,
      deadline: new Date('2026-12-07T23:00:00Z'),
      daemons: 'foreground',
      gangliaWebPort: 80,
    });
  });

  it('fails if a key is missing, unknown or wrong, naming each (exit code 2)', () => {
    const file = envFile({
      ...ENV,
      TESTBED_ROLE: 'zookeeper',
      TESTBED_NODE_ADDRESS: undefined,
      TESTBED_EXTRA: 1,
    });
    try {
      readIdentity(file);
      throw new Error('not refused');
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      const message = (error as Error).message;
      expect(message).toMatch(/TESTBED_ROLE: .*cassandra/);
      expect(message).toMatch(/TESTBED_NODE_ADDRESS/);
      expect(message).toMatch(/unknown key\(s\) TESTBED_EXTRA/);
    }
  });

  it('fails if a line is not KEY=VALUE, naming file:line', () => {
    const file = path.join(dir, 'broken.env');
    writeFileSync(file, 'TESTBED_ROLE=tests\nnot a setting\n');
    expect(() => readIdentity(file)).toThrow(/broken\.env:2: expected KEY=VALUE/);
  });
});

describe('bounded retries', () => {
  it('retries transient errors with backoff, then succeeds', async () => {
    let calls = 0;
    const value = await withRetries(
      () => (++calls < 3 ? Promise.reject(new Error('ECONNREFUSED')) : Promise.resolve('ok')),
      { description: 'put x', baseDelayMs: 1, maxDelayMs: 2 },
    );
    expect({ value, calls }).toEqual({ value: 'ok', calls: 3 });
  });

  it('gives up after the bound, saying how often it tried', async () => {
    await expect(
      withRetries(() => Promise.reject(new Error('ECONNREFUSED')), {
        description: 'put x',
        attempts: 3,
        baseDelayMs: 1,
      }),
    ).rejects.toThrow(/put x: ECONNREFUSED \(after 3 attempts\)/);
  });

  it('does not retry errors that cannot get better', async () => {
    let calls = 0;
    const denied = Object.assign(new Error('denied'), {
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
    });
    await expect(
      withRetries(() => (calls++, Promise.reject(denied)), {
        description: 'get y',
        baseDelayMs: 1,
      }),
    ).rejects.toThrow('denied');
    expect(calls).toBe(1);
    expect(isPermanentS3Error({ $metadata: { httpStatusCode: 503 } })).toBe(false);
  });
});

describe('bed status table', () => {
  it('lists nodes in order with phase, age and first message line', () => {
    const s = (node: string, phase: 'ready' | 'running', message: string) => ({
      version: 1 as const,
      node,
      role: node.startsWith('tests') ? ('tests' as const) : ('cassandra' as const),
      index: 0,
      address: '127.0.10.1',
      phase,
      since: '2026-12-07T21:00:00.000Z',
      startedAt: '2026-12-07T21:00:00.000Z',
      updatedAt: '2026-12-07T21:00:00.000Z',
      message,
      logTail: [],
      timingsMs: {},
    });
    const lines = statusTable(
      [
        s('tests-0', 'running', 'load test store\nmore'),
        s('cassandra-10', 'ready', 'ok'),
        s('cassandra-2', 'ready', 'ok'),
      ],
      Date.parse('2026-12-07T21:00:05Z'),
    );
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual([
      'node',
      'cassandra-2',
      'cassandra-10',
      'tests-0',
    ]);
    expect(lines[3]).toMatch(/running +5 s +load test store$/);
  });
});
