import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';

import { BED_SCHEMA_FILE, bedJsonSchema, BedSpecError, loadBedSpec } from '../../bed';
import { cliExitCode } from '../../bin/error-exit';

const root = path.resolve(__dirname, '../..');
const examples = path.join(root, 'examples', 'beds');
const dir = mkdtempSync(path.join(tmpdir(), 'bed-spec-'));
// Specs in the temp dir refer to descriptors beside them, as examples do.
mkdirSync(path.join(dir, 'descriptors'));
cpSync(path.join(root, 'examples', 'descriptors'), path.join(dir, 'descriptors'), {
  recursive: true,
});

/** A valid small spec; cases below break one thing each. */
const VALID = `name: t
nodes:
  cassandra: 2
  ignite: 1
  tests: 2
cassandra:
  replicationFactor: 2
ignite:
  caches:
    - name: longs
      descriptor: descriptors/ignite-longs.xml
tests:
  loadTests:
    - name: ignite
      config:
        target: ignite
        ignite: { cache: longs }
    - name: store
      config:
        target: store
`;

function spec(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

function problems(file: string): string[] {
  try {
    loadBedSpec(file);
  } catch (error) {
    if (error instanceof BedSpecError) return [...error.problems];
    throw error;
  }
  throw new Error(`expected ${file} to be refused`);
}

describe('bed spec', () => {
  it.each(['local-small.yaml', 'nightly-cloud.yaml'])('example %s is valid', (name) => {
    const loaded = loadBedSpec(path.join(examples, name));
    expect(loaded.loadTests.length).toBeGreaterThan(0);
  });

  it('the small example is the bed npm start runs: 2 cassandra, 1 ignite (ts), 2 tests', () => {
    const { spec, loadTests } = loadBedSpec(path.join(examples, 'local-small.yaml'));
    expect(spec.nodes).toEqual({ cassandra: 2, ignite: 1, tests: 2, ganglia: 0 });
    expect(spec.ignite.store).toBe('ts');
    expect(loadTests.map((t) => t.config.target)).toEqual(['ignite', 'store']);
  });

  it('the examples validate against the committed JSON Schema too (what editors see)', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(JSON.parse(readFileSync(BED_SCHEMA_FILE, 'utf8')) as object);
    for (const name of ['local-small.yaml', 'nightly-cloud.yaml']) {
      const ok = validate(parse(readFileSync(path.join(examples, name), 'utf8')));
      expect({ name, errors: ok ? [] : validate.errors }).toEqual({ name, errors: [] });
    }
  });

  it('the committed JSON Schema has not drifted from the zod schema (npm run schemas)', () => {
    expect(readFileSync(BED_SCHEMA_FILE, 'utf8')).toBe(bedJsonSchema());
  });

  it('accepts the valid base case', () => {
    expect(loadBedSpec(spec('valid.yaml', VALID)).spec.cloud.egress).toBe('nat');
  });

  it('resolves load-test files and descriptors relative to the spec', () => {
    const loaded = loadBedSpec(path.join(examples, 'nightly-cloud.yaml'));
    expect(loaded.loadTests[1]?.config.persistenceSettings).toBe(
      path.join(root, 'examples', 'descriptors', 'store-longs.xml'),
    );
    expect(loaded.cacheDescriptors.get('longs')).toBe(
      path.join(root, 'examples', 'descriptors', 'ignite-longs.xml'),
    );
  });

  // Each bad case: what is broken, and what the message must say (file:line, key, allowed values).
  const BAD: [string, string, RegExp][] = [
    [
      'unknown role',
      VALID.replace('  tests: 2\n', '  tests: 2\n  zookeeper: 1\n'),
      /bad\.yaml:6: nodes\.zookeeper: unknown key 'zookeeper'; allowed keys here: cassandra, ignite, tests, ganglia/,
    ],
    [
      '0 cassandra nodes',
      VALID.replace('cassandra: 2', 'cassandra: 0'),
      /bad\.yaml:3: nodes\.cassandra: must be at least 1 \(got 0\)/,
    ],
    [
      '0 test nodes',
      VALID.replace('tests: 2', 'tests: 0'),
      /bad\.yaml:5: nodes\.tests: must be at least 1 \(got 0\)/,
    ],
    [
      'RF > cassandra nodes',
      VALID.replace('replicationFactor: 2', 'replicationFactor: 3'),
      /bad\.yaml:7: cassandra\.replicationFactor: must be at most nodes\.cassandra \(2\) \(got 3\)/,
    ],
    [
      'unknown cache in the load test',
      VALID.replace('cache: longs }', 'cache: people }'),
      /bad\.yaml:17: tests\.loadTests\.0\.config\.ignite\.cache: cache 'people' is not in ignite\.caches; the bed has: longs/,
    ],
    [
      'missing descriptor file',
      VALID.replace('ignite-longs.xml', 'nope.xml'),
      /bad\.yaml:11: ignite\.caches\.0\.descriptor: file .*nope\.xml does not exist/,
    ],
    [
      'unknown store',
      VALID.replace('ignite:\n  caches', 'ignite:\n  store: java\n  caches'),
      /bad\.yaml:9: ignite\.store: must be one of ts, original \(got "java"\)/,
    ],
    [
      'Ignite 3',
      VALID.replace('name: t\n', 'name: t\nversions: { ignite: 3.0.0 }\n'),
      /bad\.yaml:2: versions\.ignite: .*Ignite 2\.x/,
    ],
    [
      'collector not a test node',
      VALID.replace('tests:\n  loadTests', 'tests:\n  collector: 2\n  loadTests'),
      /tests\.collector: must name a test node, 0 to 1 \(got 2\)/,
    ],
    [
      'ignite target without ignite nodes',
      VALID.replace('ignite: 1', 'ignite: 0').replace(/ignite:\n {2}caches:\n.*\n.*\n/, ''),
      /tests\.loadTests\.0\.config\.target: the ignite target needs nodes\.ignite ≥ 1/,
    ],
    [
      'unknown workload in a load test',
      VALID.replace('target: store', 'target: store\n        workloads: [WRITE, SCAN]'),
      /tests\.loadTests\.1\.config\.workloads\.1: must be one of WRITE/,
    ],
    [
      'cloud: unknown egress',
      `${VALID}cloud: { egress: ipv6-only }\n`,
      /bad\.yaml:21: cloud\.egress: must be one of nat, public-ipv4 \(got "ipv6-only"\)/,
    ],
    [
      'cloud: bad instance type',
      `${VALID}cloud:\n  instanceTypes: { cassandra: large }\n`,
      /bad\.yaml:22: cloud\.instanceTypes\.cassandra: .*EC2 instance type/,
    ],
    [
      'cloud: TTL over a week',
      `${VALID}cloud: { ttlHours: 500 }\n`,
      /cloud\.ttlHours: must be at most 168 \(got 500\)/,
    ],
    [
      'duplicate cache',
      VALID.replace(
        'tests:\n',
        '    - name: longs\n      descriptor: descriptors/ignite-longs.xml\ntests:\n',
      ),
      /ignite\.caches\.1\.name: cache 'longs' is configured twice/,
    ],
    [
      'missing load-test file',
      VALID.replace(/config:\n {8}target: store\n/, 'config: store.yaml\n'),
      /tests\.loadTests\.1\.config: file .*store\.yaml does not exist/,
    ],
    ['YAML syntax', 'name: t\nnodes: [\n', /bad\.yaml:\d+:\d+: /],
    [
      'bad bed name',
      VALID.replace('name: t', 'name: My_Bed'),
      /bad\.yaml:1: name: .*lower-case letters, digits and -/,
    ],
    [
      'descriptor RF > cassandra nodes',
      VALID.replace('descriptors/ignite-longs.xml', 'rf3.xml'),
      /ignite\.caches\.0\.descriptor: .*rf3\.xml asks for replication factor 3, more than nodes\.cassandra \(2\)/,
    ],
  ];
  writeFileSync(
    path.join(dir, 'rf3.xml'),
    readFileSync(path.join(root, 'examples/descriptors/ignite-longs.xml'), 'utf8').replace(
      "'replication_factor' : 1",
      "'replication_factor' : 3",
    ),
  );

  it.each(BAD)('fails if %s', (_name, text, expected) => {
    const found = problems(spec('bad.yaml', text));
    expect(found.join('\n')).toMatch(expected);
  });

  it('fails with exit code 2 for a bad spec, before reading anything else', () => {
    try {
      loadBedSpec(spec('bad.yaml', VALID.replace('cassandra: 2', 'cassandra: 0')));
    } catch (error) {
      expect(error).toBeInstanceOf(BedSpecError);
      expect(cliExitCode(error)).toBe(2);
      return;
    }
    throw new Error('not refused');
  });

  it('fails if the file is missing or not YAML/JSON', () => {
    expect(() => loadBedSpec(path.join(dir, 'none.yaml'))).toThrow(/does not exist/);
    expect(() => loadBedSpec(path.join(dir, 'x.properties'))).toThrow(/\.yaml, \.yml or \.json/);
  });
});
