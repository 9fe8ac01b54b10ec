import { accessSync, constants, readFileSync } from 'node:fs';
import path from 'node:path';

import { UsageError } from '../../common/errors';
import type { ConsistencyName } from '../../store';

/** How one Ignite cache is persisted: its settings and store options. */
export interface SidecarCacheConfig {
  /** A persistence descriptor (XML, the original module's format); relative to the config file. */
  readonly descriptor?: string;
  /** A TS/JS module exporting persistence settings (`persistenceSettings({...})`); relative to the config file. */
  readonly settingsModule?: string;
  /** The export of {@link SidecarCacheConfig.settingsModule}. @default 'default' */
  readonly settingsExport?: string;
  /** A module exporting the classes a descriptor names (class name → class), for POJO descriptors. @default - none */
  readonly classesModule?: string;
  /** @default 'default' */
  readonly classesExport?: string;
  /** Ignite binary type name of POJO keys. @default - the key class name of the settings */
  readonly keyType?: string;
  /** Ignite binary type name of POJO values (and of BLOB values that are objects). @default - the value class name of the settings */
  readonly valueType?: string;
  /** `none`: never create tables. @default 'auto' */
  readonly schema?: 'auto' | 'none';
  /** Statements in flight per bulk call. @default 128 */
  readonly maxInFlight?: number;
  /** How bulk calls share requests (the store's `bulkGrouping`). @default 'replica' */
  readonly bulkGrouping?: 'replica' | 'partition';
  /** Partitions per grouped request. @default 10 */
  readonly maxPartitionsPerRequest?: number;
}

/** Connection to Cassandra (a subset of the store's DataSourceOptions that fits JSON). */
export interface SidecarCassandraConfig {
  readonly contactPoints: readonly string[];
  /** @default 'datacenter1' */
  readonly localDataCenter?: string;
  /** @default 'LOCAL_ONE' */
  readonly readConsistency?: ConsistencyName;
  /** @default 'LOCAL_ONE' */
  readonly writeConsistency?: ConsistencyName;
  /** @default - no authentication */
  readonly credentials?: { readonly username: string; readonly password: string };
  /** @default 12000 */
  readonly requestTimeoutMs?: number;
}

/** The sidecar's configuration file (JSON). */
export interface SidecarConfig {
  /** Unix socket path the bridge connects to; relative to the config file. At most 107 bytes. */
  readonly socket: string;
  /** Name in logs and HELLO answers. @default 'sidecar' */
  readonly name?: string;
  readonly cassandra: SidecarCassandraConfig;
  /** Ignite cache name → how it is persisted. */
  readonly caches: Readonly<Record<string, SidecarCacheConfig>>;
  /** Requests served at once per connection; the sidecar stops reading beyond it. @default 512 */
  readonly maxInFlightPerConnection?: number;
  /** Longest wait for requests in flight on SIGTERM. @default 30000 */
  readonly drainTimeoutMs?: number;
  /** Open transactions (buffered, not yet ended) at most. @default 4096 */
  readonly maxOpenTransactions?: number;
  /** A transaction not ended after this long is discarded (its node is gone). @default 300000 */
  readonly transactionTimeoutMs?: number;
  /** Longest wait of a loadCache stream for the bridge's next credit. @default 120000 */
  readonly creditTimeoutMs?: number;
}

/** The configuration file is wrong: names the file, the key and the fix; exit code 2. */
export class SidecarConfigError extends UsageError {}

/** Longest Unix socket path Linux accepts (sun_path is 108 bytes with the terminating NUL). */
export const MAX_SOCKET_PATH_BYTES = 107;

const TOP_KEYS = [
  'socket',
  'name',
  'cassandra',
  'caches',
  'maxInFlightPerConnection',
  'drainTimeoutMs',
  'maxOpenTransactions',
  'transactionTimeoutMs',
  'creditTimeoutMs',
];
const CACHE_KEYS = [
  'descriptor',
  'settingsModule',
  'settingsExport',
  'classesModule',
  'classesExport',
  'keyType',
  'valueType',
  'schema',
  'maxInFlight',
  'bulkGrouping',
  'maxPartitionsPerRequest',
];
const CASSANDRA_KEYS = [
  'contactPoints',
  'localDataCenter',
  'readConsistency',
  'writeConsistency',
  'credentials',
  'requestTimeoutMs',
];

type Json = Record<string, unknown>;

/** Checks one object of the file against what it may hold. */
class Checker {
  constructor(private readonly configFile: string) {}

  fail(key: string, problem: string, fix: string): never {
    throw new SidecarConfigError(`${this.configFile}: ${key}: ${problem}`, { hint: fix });
  }

  object(v: unknown, key: string): Json {
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      this.fail(key, `must be an object, got ${JSON.stringify(v)}`, `Write "${key}": { … }.`);
    return v as Json;
  }

  known(obj: Json, key: string, allowed: readonly string[]): void {
    for (const k of Object.keys(obj)) {
      if (!allowed.includes(k))
        this.fail(
          `${key ? `${key}.` : ''}${k}`,
          'unknown key',
          `Known keys: ${allowed.join(', ')}.`,
        );
    }
  }

  string(obj: Json, name: string, key: string, required: boolean): string | undefined {
    const v = obj[name];
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'string' || v.trim() === '')
      this.fail(
        key,
        v === undefined ? 'is missing' : `must be a non-empty string, got ${JSON.stringify(v)}`,
        `Set "${name}".`,
      );
    return v;
  }

  integer(obj: Json, name: string, key: string, min: number, max: number): number | undefined {
    const v = obj[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
      this.fail(
        key,
        `must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`,
        `Fix "${name}".`,
      );
    return v;
  }

  /** One of two words, or absent. */
  either<A extends string, B extends string>(
    obj: Json,
    name: string,
    key: string,
    [a, b]: readonly [A, B],
    fix: string,
  ): A | B | undefined {
    const v = obj[name];
    if (v === undefined) return undefined;
    if (v !== a && v !== b)
      this.fail(key, `must be "${a}" or "${b}", got ${JSON.stringify(v)}`, fix);
    return v as A | B;
  }

  /** A file next to the config: resolved and required to exist. */
  path(obj: Json, name: string, key: string): string | undefined {
    const v = this.string(obj, name, key, false);
    if (v === undefined) return undefined;
    const resolved = path.resolve(path.dirname(this.configFile), v);
    try {
      accessSync(resolved, constants.R_OK);
    } catch (error) {
      this.fail(
        key,
        `cannot read ${resolved} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
        'Check the path; relative paths start at the configuration file.',
      );
    }
    return resolved;
  }
}

function cacheConfig(c: Checker, name: string, raw: unknown): SidecarCacheConfig {
  const key = `caches.${name}`;
  const obj = c.object(raw, key);
  c.known(obj, key, CACHE_KEYS);
  const descriptor = c.path(obj, 'descriptor', `${key}.descriptor`);
  const settingsModule = c.path(obj, 'settingsModule', `${key}.settingsModule`);
  if ((descriptor === undefined) === (settingsModule === undefined)) {
    c.fail(
      key,
      'needs exactly one of "descriptor" (XML) and "settingsModule" (TS/JS module)',
      'Name the persistence settings of the cache one way.',
    );
  }
  const schema = c.either(
    obj,
    'schema',
    `${key}.schema`,
    ['auto', 'none'],
    'Use "auto" to create missing tables, "none" to never run DDL.',
  );
  const classesModule = c.path(obj, 'classesModule', `${key}.classesModule`);
  const opt = (n: string) => c.string(obj, n, `${key}.${n}`, false);
  const maxInFlight = c.integer(obj, 'maxInFlight', `${key}.maxInFlight`, 1, 4096);
  const bulkGrouping = c.either(
    obj,
    'bulkGrouping',
    `${key}.bulkGrouping`,
    ['replica', 'partition'],
    'Use "replica" to share requests among partitions on the same replicas, "partition" for one request per partition.',
  );
  const maxPartitionsPerRequest = c.integer(
    obj,
    'maxPartitionsPerRequest',
    `${key}.maxPartitionsPerRequest`,
    1,
    1024,
  );
  return {
    ...(descriptor ? { descriptor } : {}),
    ...(settingsModule
      ? { settingsModule, settingsExport: opt('settingsExport') ?? 'default' }
      : {}),
    ...(classesModule ? { classesModule, classesExport: opt('classesExport') ?? 'default' } : {}),
    ...(opt('keyType') ? { keyType: opt('keyType') } : {}),
    ...(opt('valueType') ? { valueType: opt('valueType') } : {}),
    ...(schema ? { schema } : {}),
    ...(maxInFlight ? { maxInFlight } : {}),
    ...(bulkGrouping ? { bulkGrouping } : {}),
    ...(maxPartitionsPerRequest ? { maxPartitionsPerRequest } : {}),
  };
}

function cassandraConfig(c: Checker, raw: unknown): SidecarCassandraConfig {
  const obj = c.object(raw, 'cassandra');
  c.known(obj, 'cassandra', CASSANDRA_KEYS);
  const points = obj.contactPoints;
  if (
    !Array.isArray(points) ||
    points.length === 0 ||
    !points.every((p) => typeof p === 'string' && p !== '')
  )
    c.fail(
      'cassandra.contactPoints',
      'must be a non-empty array of "host[:port]" strings',
      'E.g. "contactPoints": ["127.0.0.1:9042"].',
    );
  const credentials = obj.credentials;
  if (credentials !== undefined) {
    const cr = c.object(credentials, 'cassandra.credentials');
    c.known(cr, 'cassandra.credentials', ['username', 'password']);
    c.string(cr, 'username', 'cassandra.credentials.username', true);
    c.string(cr, 'password', 'cassandra.credentials.password', true);
  }
  const str = (n: string) => c.string(obj, n, `cassandra.${n}`, false);
  const timeout = c.integer(obj, 'requestTimeoutMs', 'cassandra.requestTimeoutMs', 1, 600_000);
  return {
    contactPoints: points as string[],
    ...(str('localDataCenter') ? { localDataCenter: str('localDataCenter') } : {}),
    ...(str('readConsistency')
      ? { readConsistency: str('readConsistency') as ConsistencyName }
      : {}),
    ...(str('writeConsistency')
      ? { writeConsistency: str('writeConsistency') as ConsistencyName }
      : {}),
    ...(credentials ? { credentials: credentials as SidecarCassandraConfig['credentials'] } : {}),
    ...(timeout ? { requestTimeoutMs: timeout } : {}),
  };
}

/**
 * Validates a parsed configuration; relative paths resolve against `file`'s directory.
 *
 * @throws SidecarConfigError naming the file, the key and the fix
 */
export function validateSidecarConfig(raw: unknown, file: string): SidecarConfig {
  const c = new Checker(file);
  const obj = c.object(raw, '(top level)');
  c.known(obj, '', TOP_KEYS);
  const socket = path.resolve(
    path.dirname(file),
    c.string(obj, 'socket', 'socket', true) as string,
  );
  if (Buffer.byteLength(socket) > MAX_SOCKET_PATH_BYTES) {
    c.fail(
      'socket',
      `${socket} is ${Buffer.byteLength(socket)} bytes; Unix sockets allow ${MAX_SOCKET_PATH_BYTES}`,
      'Use a shorter path, e.g. under /tmp.',
    );
  }
  const caches = c.object(obj.caches, 'caches');
  if (Object.keys(caches).length === 0)
    c.fail('caches', 'names no cache', 'Add "caches": { "<cache name>": { "descriptor": "…" } }.');
  const int = (n: string, min: number, max: number) => c.integer(obj, n, n, min, max);
  const limits = {
    maxInFlightPerConnection: int('maxInFlightPerConnection', 1, 65536),
    drainTimeoutMs: int('drainTimeoutMs', 0, 3_600_000),
    maxOpenTransactions: int('maxOpenTransactions', 1, 1_000_000),
    transactionTimeoutMs: int('transactionTimeoutMs', 1000, 86_400_000),
    creditTimeoutMs: int('creditTimeoutMs', 100, 3_600_000),
  };
  return {
    socket,
    ...(c.string(obj, 'name', 'name', false) ? { name: obj.name as string } : {}),
    cassandra: cassandraConfig(c, obj.cassandra),
    caches: Object.fromEntries(
      Object.entries(caches).map(([name, v]) => [name, cacheConfig(c, name, v)]),
    ),
    ...Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined)),
  };
}

/** Reads and validates a configuration file. */
export function loadSidecarConfig(file: string): SidecarConfig {
  const resolved = path.resolve(file);
  let text: string;
  try {
    text = readFileSync(resolved, 'utf8');
  } catch (error) {
    throw new SidecarConfigError(
      `cannot read the sidecar configuration ${resolved} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      { hint: 'Pass --config <file.json>.' },
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new SidecarConfigError(`${resolved}: not valid JSON: ${(error as Error).message}`, {
      hint: 'Fix the JSON syntax.',
    });
  }
  return validateSidecarConfig(raw, resolved);
}
