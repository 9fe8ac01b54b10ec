/**
 * Reads a bed spec (YAML or JSON), validates it against the schema and across fields, and reads
 * the load-test configurations and descriptors it names. Every problem is reported at once, each
 * naming file:line, the key, what is allowed and what was found; nothing starts on a bad spec.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { UsageError } from '../common/errors';
import {
  ConfigError,
  explainIssue,
  loadConfig,
  readConfigSource,
} from '../tests-runner/config/load-config';
import type { LoadTestConfig } from '../tests-runner/config/schema';
import type { ConfigSource } from '../tests-runner/config/source';
import { bedSpecSchema, type BedSpec } from './schema';

/** A bed spec that does not validate; the message lists every problem. */
export class BedSpecError extends UsageError {
  constructor(
    readonly problems: readonly string[],
    readonly file: string,
  ) {
    super(`Invalid bed spec ${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`, {
      hint: 'Fix the keys named above; bed/bed-spec.schema.json and README.md (Test bed) describe every setting.',
    });
  }
}

/** One load test of a bed, its configuration read and validated. */
export interface BedLoadTest {
  readonly name: string;
  /** Paths inside (persistenceSettings) are absolute. */
  readonly config: LoadTestConfig;
}

/** A bed spec read from a file, with everything it refers to checked. */
export interface LoadedBedSpec {
  /** Absolute path of the spec file. */
  readonly file: string;
  readonly spec: BedSpec;
  readonly loadTests: readonly BedLoadTest[];
  /** Absolute descriptor path of each cache, by cache name. */
  readonly cacheDescriptors: ReadonlyMap<string, string>;
}

type Problem = { path: PropertyKey[]; text: string } | { located: string };

/** The replication factors a descriptor's keyspaceOptions ask for (SimpleStrategy or per DC). */
function descriptorReplication(xml: string): number[] {
  const options = /<keyspaceOptions>([\s\S]*?)<\/keyspaceOptions>/.exec(xml)?.[1] ?? '';
  return [...options.matchAll(/'(?:replication_factor|[A-Za-z0-9_-]+)'\s*:\s*'?(\d+)'?/g)].map(
    (m) => Number(m[1]),
  );
}

function crossChecks(
  spec: BedSpec,
  base: string,
): { problems: Problem[]; loadTests: BedLoadTest[]; descriptors: Map<string, string> } {
  const problems: Problem[] = [];
  const cassandraNodes = spec.nodes.cassandra;
  const resolve = (p: string) => path.resolve(base, p);
  if (spec.cassandra.replicationFactor > cassandraNodes) {
    problems.push({
      path: ['cassandra', 'replicationFactor'],
      text: `must be at most nodes.cassandra (${cassandraNodes}) (got ${spec.cassandra.replicationFactor})`,
    });
  }
  if (spec.tests.collector >= spec.nodes.tests) {
    problems.push({
      path: ['tests', 'collector'],
      text: `must name a test node, 0 to ${spec.nodes.tests - 1} (got ${spec.tests.collector})`,
    });
  }
  const caches = spec.ignite.caches;
  if (spec.nodes.ignite > 0 && caches.length === 0) {
    problems.push({
      path: ['ignite', 'caches'],
      text: `the ${spec.nodes.ignite} Ignite node(s) need at least one cache`,
    });
  }
  if (spec.nodes.ignite === 0 && caches.length > 0) {
    problems.push({
      path: ['nodes', 'ignite'],
      text: `must be at least 1 when ignite.caches lists caches (got 0)`,
    });
  }
  const descriptors = new Map<string, string>();
  caches.forEach((cache, i) => {
    if (descriptors.has(cache.name)) {
      problems.push({
        path: ['ignite', 'caches', i, 'name'],
        text: `cache '${cache.name}' is configured twice`,
      });
      return;
    }
    const file = resolve(cache.descriptor);
    descriptors.set(cache.name, file);
    if (!existsSync(file)) {
      problems.push({
        path: ['ignite', 'caches', i, 'descriptor'],
        text: `file ${file} does not exist (paths are relative to the spec)`,
      });
      return;
    }
    for (const rf of descriptorReplication(readFileSync(file, 'utf8'))) {
      if (rf > cassandraNodes) {
        problems.push({
          path: ['ignite', 'caches', i, 'descriptor'],
          text: `${file} asks for replication factor ${rf}, more than nodes.cassandra (${cassandraNodes})`,
        });
      }
    }
  });
  const loadTests: BedLoadTest[] = [];
  const names = new Set<string>();
  spec.tests.loadTests.forEach((entry, i) => {
    const at = (...rest: PropertyKey[]) => ['tests', 'loadTests', i, 'config', ...rest];
    if (names.has(entry.name)) {
      problems.push({
        path: ['tests', 'loadTests', i, 'name'],
        text: `load test '${entry.name}' is listed twice`,
      });
    }
    names.add(entry.name);
    let config: LoadTestConfig;
    if (typeof entry.config === 'string') {
      const file = resolve(entry.config);
      if (!existsSync(file)) {
        problems.push({
          path: at(),
          text: `file ${file} does not exist (paths are relative to the spec)`,
        });
        return;
      }
      try {
        config = loadConfig(file);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        for (const p of error.problems) problems.push({ located: p });
        return;
      }
    } else {
      config = {
        ...entry.config,
        persistenceSettings:
          entry.config.persistenceSettings && resolve(entry.config.persistenceSettings),
      };
    }
    loadTests.push({ name: entry.name, config });
    const inline = typeof entry.config !== 'string';
    const where = (...rest: PropertyKey[]) => (inline ? at(...rest) : at());
    if (config.persistenceSettings && !existsSync(config.persistenceSettings)) {
      problems.push({
        path: where('persistenceSettings'),
        text: `file ${config.persistenceSettings} does not exist (paths are relative to the file that names them)`,
      });
    }
    if (config.cassandra.replicationFactor > cassandraNodes) {
      problems.push({
        path: where('cassandra', 'replicationFactor'),
        text: `must be at most nodes.cassandra (${cassandraNodes}) (got ${config.cassandra.replicationFactor})`,
      });
    }
    if (config.target === 'ignite') {
      if (spec.nodes.ignite === 0) {
        problems.push({
          path: where('target'),
          text: `the ignite target needs nodes.ignite ≥ 1 (got 0)`,
        });
      }
      const cache = config.ignite.cache ?? config.tableName;
      if (cache === undefined) {
        problems.push({
          path: where('ignite'),
          text: `set ignite.cache to one of the bed's caches: ${[...descriptors.keys()].join(', ') || '(none)'}`,
        });
      } else if (!descriptors.has(cache)) {
        problems.push({
          path: where('ignite', 'cache'),
          text: `cache '${cache}' is not in ignite.caches; the bed has: ${[...descriptors.keys()].join(', ') || '(none)'}`,
        });
      }
    }
  });
  return { problems, loadTests, descriptors };
}

/** Validates a spec already read into `source` (see {@link loadBedSpec}). */
export function parseBedSpec(file: string, source: ConfigSource): LoadedBedSpec {
  if (!source.readable) throw new BedSpecError(source.errors, file);
  const result = bedSpecSchema.safeParse(source.raw);
  const locate = (p: Problem): string =>
    'located' in p
      ? p.located
      : `${source.locate(p.path)}: ${p.path.map(String).join('.') || '(top level)'}: ${p.text}`;
  if (!result.success) {
    const problems = result.error.issues.map((issue) =>
      locate(explainIssue(issue, source.raw, bedSpecSchema)),
    );
    throw new BedSpecError([...source.errors, ...problems], file);
  }
  const { problems, loadTests, descriptors } = crossChecks(
    result.data,
    path.dirname(path.resolve(file)),
  );
  if (problems.length || source.errors.length) {
    throw new BedSpecError([...source.errors, ...problems.map(locate)], file);
  }
  return { file: path.resolve(file), spec: result.data, loadTests, cacheDescriptors: descriptors };
}

/** Reads and validates a bed spec file; throws {@link BedSpecError} (exit code 2) listing every problem. */
export function loadBedSpec(file: string): LoadedBedSpec {
  const ext = path.extname(file).toLowerCase();
  if (!['.yaml', '.yml', '.json'].includes(ext)) {
    throw new UsageError(`A bed spec is a .yaml, .yml or .json file, got ${file}.`, {
      hint: 'See examples/beds/ for specs to start from.',
    });
  }
  if (!existsSync(file)) {
    throw new UsageError(`The bed spec ${file} does not exist.`, {
      hint: 'See examples/beds/ for specs to start from.',
    });
  }
  return parseBedSpec(file, readConfigSource(file));
}
