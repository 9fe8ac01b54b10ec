import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ConfigError, loadConfig, parseSetOption } from '../../tests-runner/config/load-config';
import { TARGET_KINDS } from '../../tests-runner/targets/kinds';

const dir = mkdtempSync(path.join(tmpdir(), 'load-config-'));
function file(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}
function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('load-test configuration', () => {
  it('fills defaults from a minimal YAML file', () => {
    const config = loadConfig(file('min.yaml', 'target: driver\n'));
    expect(config).toMatchObject({
      target: 'driver',
      workloads: ['WRITE', 'BULK_WRITE', 'READ', 'BULK_READ'],
      concurrency: 10,
      bulkSize: 100,
      keys: { generator: 'long', choice: 'sequential' },
      values: { generator: 'long' },
      cassandra: { contactPoints: ['127.0.0.1:9042'], keyspace: 'testbed_load' },
    });
    expect(config.rateOpsPerSec).toBeUndefined();
  });

  it('reads JSON with the same schema', () => {
    const config = loadConfig(
      file('c.json', '{"target": "noop", "workloads": "all", "rateOpsPerSec": 500}'),
    );
    expect(config.workloads).toBe('all');
    expect(config.rateOpsPerSec).toBe(500);
  });

  it('fails if values are wrong, naming file, line, key, allowed values and what was found', () => {
    const p = file(
      'bad.yaml',
      [
        'target: drivr',
        'workloads: [WRITE, REED]',
        'keys:',
        '  choice: zipf',
        '  colour: blue',
        'concurrency: 0',
        '',
      ].join('\n'),
    );
    expect(problems(() => loadConfig(p))).toEqual([
      `${p}:1: target: must be one of ${TARGET_KINDS.join(', ')} (got "drivr")`,
      `${p}:2: workloads.1: must be one of WRITE, BULK_WRITE, READ, BULK_READ, MIXED, DELETE, BULK_DELETE (got "REED")`,
      `${p}:6: concurrency: must be at least 1 (got 0)`,
      `${p}:4: keys.choice: must be one of sequential, uniform, zipfian (got "zipf")`,
      `${p}:5: keys.colour: unknown key 'colour'; allowed keys here: generator, choice, perWorker, zipfianTheta`,
    ]);
  });

  it("sets the store target's bulk grouping, and names a wrong one", () => {
    expect(loadConfig(file('store-default.yaml', 'target: store\n')).store).toEqual({
      bulkGrouping: 'replica',
      maxPartitionsPerRequest: 10,
    });
    const p = file('store.yaml', 'target: store\nstore:\n  bulkGrouping: partitions\n');
    expect(problems(() => loadConfig(p))).toEqual([
      `${p}:3: store.bulkGrouping: must be one of replica, partition (got "partitions")`,
    ]);
  });

  it('fails if a required key is missing or a type is wrong', () => {
    const p = file('types.yaml', 'workloads: WRITE\ndurationSeconds: soon\n');
    expect(problems(() => loadConfig(p))).toEqual([
      `${p}: target: is required (one of ${TARGET_KINDS.join(', ')})`,
      `${p}:1: workloads: must be 'all' or a list of workloads (got "WRITE")`,
      `${p}:2: durationSeconds: must be a number (got "soon")`,
    ]);
  });

  it('fails on YAML syntax errors with the line and column', () => {
    const p = file('syntax.yaml', 'target: noop\nworkloads: [WRITE\n');
    expect(problems(() => loadConfig(p))[0]).toMatch(new RegExp(`^${p}:3:1: `));
  });

  it('fails if settings contradict each other', () => {
    const p = file('noop-verify.yaml', 'target: noop\nverifyReads: true\n');
    expect(problems(() => loadConfig(p))).toEqual([
      `${p}:2: verifyReads: the noop target stores nothing, so reads cannot be verified; set it to false (got true)`,
    ]);
  });

  it('names the command-line option when an override is wrong', () => {
    const p = file('ok.yaml', 'target: noop\n');
    expect(
      problems(() =>
        loadConfig(p, [parseSetOption('bulkSize=0'), parseSetOption('keys.choice=zipfian')]),
      ),
    ).toEqual(['command line (--set bulkSize=0): bulkSize: must be at least 1 (got 0)']);
    expect(loadConfig(p, [parseSetOption('keys.choice=zipfian')]).keys.choice).toBe('zipfian');
  });

  it('accepts the original tests.properties keys and maps them', () => {
    const p = file(
      'tests.properties',
      [
        '# the original file',
        'bulk.operation.size=100',
        'transaction.products.count=2',
        'orders.year=',
        'load.tests.cache.name=cache1',
        'load.tests.threads.count=10',
        'load.tests.warmup.period=180000',
        'load.tests.execution.time=300000',
        'load.tests.requests.latency=0',
        'load.tests.persistence.settings=org/apache/ignite/tests/persistence/primitive/persistence-settings-1.xml',
        'load.tests.ignite.config=org/apache/ignite/tests/persistence/primitive/ignite-remote-client-config.xml',
        'load.tests.key.generator=org.apache.ignite.tests.load.LongGenerator',
        'load.tests.value.generator=org.apache.ignite.tests.load.PersonGenerator',
        'contact.points=127.0.0.1, 127.0.0.2:9043',
        'testbed.target=driver',
        'testbed.keys.choice=uniform',
        '',
      ].join('\n'),
    );
    const config = loadConfig(p);
    expect(config).toMatchObject({
      target: 'driver',
      bulkSize: 100,
      concurrency: 10,
      warmupSeconds: 180,
      durationSeconds: 300,
      thinkTimeMs: 0,
      tableName: 'cache1',
      keys: { generator: 'long', choice: 'uniform' },
      values: { generator: 'person' },
      cassandra: { contactPoints: ['127.0.0.1', '127.0.0.2:9043'] },
    });
    expect(config.persistenceSettings).toBe(
      path.join(dir, 'org/apache/ignite/tests/persistence/primitive/persistence-settings-1.xml'),
    );
  });

  it('fails on bad properties, naming the line and the original key', () => {
    const p = file(
      'bad.properties',
      [
        'load.tests.threads.count=ten',
        'load.tests.key.generator=org.apache.ignite.tests.load.PersonIdGenerator',
        'load.tests.colour=blue',
        'testbed.target=noop',
        '',
      ].join('\n'),
    );
    expect(problems(() => loadConfig(p))).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${p}:3: unknown key 'load\\.tests\\.colour'\\. Known keys: load\\.tests\\.threads\\.count, `,
        ),
      ),
      `${p}:1 (load.tests.threads.count): concurrency: must be a number (got "ten")`,
      `${p}:2 (load.tests.key.generator): keys.generator: must be one of long, string (got "org.apache.ignite.tests.load.PersonIdGenerator")`,
    ]);
  });

  it('fails with a usage error for an unknown format or a missing file', () => {
    expect(() => loadConfig(file('c.toml', ''))).toThrow(/Unknown configuration format '\.toml'/);
    expect(() => loadConfig(path.join(dir, 'missing.yaml'))).toThrow(
      /Cannot read the load-test configuration/,
    );
    expect(() => parseSetOption('novalue')).toThrow(/--set expects key=value/);
  });
});
