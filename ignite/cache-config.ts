import { UsageError } from '../common/errors';
import { xmlEscape } from './xml';

/** Ignite's atomicity modes: TRANSACTIONAL caches run store writes in the transaction's session. */
export type AtomicityMode = 'ATOMIC' | 'TRANSACTIONAL';

/** Where entries live: spread over nodes, or a full copy on each. */
export type CacheMode = 'PARTITIONED' | 'REPLICATED';

/** Write-behind: updates are acknowledged from memory and written to the store in batches later. */
export interface WriteBehindOptions {
  /** Buffered entries that trigger a flush (0: time only). @default 10240 (Ignite's) */
  readonly flushSize?: number;
  /**
   * Longest time an update waits in the buffer (0: size only). With coalescing, a graceful node stop
   * also waits up to this long before its final flush (Ignite 2.17 wakes only non-coalescing
   * flushers on stop), so keep it below the stop's grace period. @default 5000 (Ignite's)
   */
  readonly flushFrequencyMs?: number;
  /** Entries per writeAll/deleteAll call to the store. @default 512 (Ignite's) */
  readonly batchSize?: number;
  /** Flushing threads per node and cache. @default 1 */
  readonly flushThreads?: number;
  /** Coalesce updates of a key waiting in the buffer. @default true */
  readonly coalescing?: boolean;
}

/** The JCache expiry policies Ignite supports, with the duration they apply. */
export interface ExpiryOptions {
  /** created: from creation; modified: from creation or update; accessed: from creation or read; touched: any. */
  readonly policy: 'created' | 'modified' | 'accessed' | 'touched';
  readonly durationMs: number;
}

/** One cache of the Ignite nodes. */
export interface CacheOptions {
  readonly name: string;
  /** @default 'ATOMIC' */
  readonly atomicity?: AtomicityMode;
  /** @default 'PARTITIONED' */
  readonly cacheMode?: CacheMode;
  /** Backup copies of each partition (PARTITIONED only). @default 0 */
  readonly backups?: number;
  /** Misses are loaded from the store. @default true */
  readonly readThrough?: boolean;
  /** Updates are written to the store. @default true */
  readonly writeThrough?: boolean;
  /** @default - write-through happens synchronously with each update */
  readonly writeBehind?: WriteBehindOptions;
  /** @default - entries never expire */
  readonly expiry?: ExpiryOptions;
}

/** The TypeScript store behind the Java bridge; every field has the factory's default. */
export interface TsStoreBinding {
  readonly kind: 'ts';
  /** A fixed socket (one node only). @default - each node reads its own from a system property */
  readonly socketPath?: string;
  /** @default 'testbed.sidecar.socket' */
  readonly socketPathProperty?: string;
  /** @default 30000 */
  readonly callTimeoutMs?: number;
  /** @default 256 */
  readonly maxInFlight?: number;
  /** @default 512 */
  readonly loadCacheChunkEntries?: number;
  /** @default 4 */
  readonly loadCacheWindowChunks?: number;
  /** Coalesce concurrent single-entry calls outside transactions (PROTOCOL.md). @default true */
  readonly coalesce?: boolean;
  /** Most entries in one coalesced frame. @default 64 */
  readonly maxCoalesce?: number;
  /** How long a frame waits for company, in µs. @default 0 - a lone call never waits */
  readonly coalesceLingerMicros?: number;
  /** Frames of one cache and kind at the sidecar at once. @default 1 */
  readonly coalesceFramesInFlight?: number;
  /** After this long without an answer, queued calls leave in an extra frame, in µs. @default 20000 */
  readonly coalesceStallMicros?: number;
}

/** The original Java `ignite-cassandra-store`, configured like its own tests did. */
export interface OriginalStoreBinding {
  readonly kind: 'original';
  /** The persistence descriptor (XML) the original parses itself. */
  readonly descriptorFile: string;
  /** `host` names or addresses (all on {@link OriginalStoreBinding.port}). */
  readonly contactPoints: readonly string[];
  /** @default 9042 */
  readonly port?: number;
  /** @default 'LOCAL_ONE' */
  readonly readConsistency?: string;
  /** @default 'LOCAL_ONE' */
  readonly writeConsistency?: string;
}

export type StoreBinding = TsStoreBinding | OriginalStoreBinding;

/** The Java factory class of the bridge. */
export const TS_STORE_FACTORY = 'io.github.ignitecassandratestbed.bridge.TsCacheStoreFactory';
/** The original module's factory. */
export const ORIGINAL_STORE_FACTORY =
  'org.apache.ignite.cache.store.cassandra.CassandraCacheStoreFactory';

const EXPIRY_CLASSES: Readonly<Record<ExpiryOptions['policy'], string>> = {
  created: 'javax.cache.expiry.CreatedExpiryPolicy',
  modified: 'javax.cache.expiry.ModifiedExpiryPolicy',
  accessed: 'javax.cache.expiry.AccessedExpiryPolicy',
  touched: 'javax.cache.expiry.TouchedExpiryPolicy',
};

function fail(cache: string, option: string, problem: string, fix: string): never {
  throw new UsageError(`cache ${cache}: ${option} ${problem}`, { hint: fix });
}

function checkInt(
  cache: string,
  option: string,
  v: number | undefined,
  min: number,
  max: number,
): void {
  if (v === undefined) return;
  if (!Number.isInteger(v) || v < min || v > max)
    fail(
      cache,
      option,
      `must be an integer from ${min} to ${max}, got ${String(v)}`,
      `Fix ${option}.`,
    );
}

/** Options typed as unions still arrive from JSON and JS callers: check them at run time. */
function oneOf(
  cache: string,
  option: string,
  v: string | undefined,
  allowed: readonly string[],
): void {
  if (v !== undefined && !allowed.includes(v))
    fail(
      cache,
      option,
      `must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`,
      'Use one of them.',
    );
}

/** Validates cache options; every throw names the cache, the option, the value and the fix. */
export function validateCacheOptions(o: CacheOptions): void {
  const name = o.name;
  if (typeof name !== 'string' || name.trim() === '')
    throw new UsageError('a cache needs a name', { hint: 'Set name.' });
  oneOf(name, 'atomicity', o.atomicity, ['ATOMIC', 'TRANSACTIONAL']);
  oneOf(name, 'cacheMode', o.cacheMode, ['PARTITIONED', 'REPLICATED']);
  checkInt(name, 'backups', o.backups, 0, 16);
  if (o.backups && o.cacheMode === 'REPLICATED')
    fail(
      name,
      'backups',
      'applies to PARTITIONED caches only',
      'Remove backups (REPLICATED keeps a copy on every node).',
    );
  const wb = o.writeBehind;
  if (wb) {
    if (o.writeThrough === false)
      fail(
        name,
        'writeBehind',
        'needs writeThrough',
        'Remove writeBehind, or leave writeThrough on.',
      );
    checkInt(name, 'writeBehind.flushSize', wb.flushSize, 0, 100_000_000);
    checkInt(name, 'writeBehind.flushFrequencyMs', wb.flushFrequencyMs, 0, 86_400_000);
    checkInt(name, 'writeBehind.batchSize', wb.batchSize, 1, 1_000_000);
    checkInt(name, 'writeBehind.flushThreads', wb.flushThreads, 1, 64);
    if (wb.flushSize === 0 && wb.flushFrequencyMs === 0)
      fail(
        name,
        'writeBehind',
        'has flushSize and flushFrequencyMs both 0: nothing would ever flush',
        'Set one of them above 0.',
      );
  }
  if (o.expiry) {
    oneOf(name, 'expiry.policy', o.expiry.policy, Object.keys(EXPIRY_CLASSES));
    checkInt(name, 'expiry.durationMs', o.expiry.durationMs, 1, Number.MAX_SAFE_INTEGER);
  }
}

function validateStore(cache: string, s: StoreBinding): void {
  if (s.kind === 'ts') {
    checkInt(cache, 'store.callTimeoutMs', s.callTimeoutMs, 1, 3_600_000);
    checkInt(cache, 'store.maxInFlight', s.maxInFlight, 1, 65_536);
    checkInt(cache, 'store.loadCacheChunkEntries', s.loadCacheChunkEntries, 1, 65_536);
    checkInt(cache, 'store.loadCacheWindowChunks', s.loadCacheWindowChunks, 1, 64);
    checkInt(cache, 'store.maxCoalesce', s.maxCoalesce, 1, 65_536);
    checkInt(cache, 'store.coalesceLingerMicros', s.coalesceLingerMicros, 0, 100_000);
    checkInt(cache, 'store.coalesceFramesInFlight', s.coalesceFramesInFlight, 1, 1024);
    checkInt(cache, 'store.coalesceStallMicros', s.coalesceStallMicros, 1, 60_000_000);
    return;
  }
  if (!s.descriptorFile)
    fail(
      cache,
      'store.descriptorFile',
      'is missing',
      'The original store needs an XML descriptor.',
    );
  if (!s.contactPoints.length)
    fail(cache, 'store.contactPoints', 'is empty', 'Name the Cassandra nodes.');
  checkInt(cache, 'store.port', s.port, 1, 65_535);
}

const prop = (name: string, value: string | number | boolean, indent: string): string =>
  `${indent}<property name="${name}" value="${xmlEscape(String(value))}"/>`;

function storeFactory(s: StoreBinding, i: string): string {
  if (s.kind === 'ts') {
    const props: [string, string | number | boolean | undefined][] = [
      ['socketPath', s.socketPath],
      ['socketPathProperty', s.socketPathProperty],
      ['callTimeoutMs', s.callTimeoutMs],
      ['maxInFlight', s.maxInFlight],
      ['loadCacheChunkEntries', s.loadCacheChunkEntries],
      ['loadCacheWindowChunks', s.loadCacheWindowChunks],
      ['coalesce', s.coalesce],
      ['maxCoalesce', s.maxCoalesce],
      ['coalesceLingerMicros', s.coalesceLingerMicros],
      ['coalesceFramesInFlight', s.coalesceFramesInFlight],
      ['coalesceStallMicros', s.coalesceStallMicros],
    ];
    const set = props.filter((p): p is [string, string | number | boolean] => p[1] !== undefined);
    return [
      `${i}<bean class="${TS_STORE_FACTORY}">`,
      ...set.map(([n, v]) => prop(n, v, `${i}  `)),
      `${i}</bean>`,
    ].join('\n');
  }
  const points = s.contactPoints
    .map((p) => `${i}        <value>${xmlEscape(p)}</value>`)
    .join('\n');
  return `${i}<bean class="${ORIGINAL_STORE_FACTORY}">
${i}  <property name="dataSource">
${i}    <bean class="org.apache.ignite.cache.store.cassandra.datasource.DataSource">
${i}      <property name="contactPoints">
${i}        <list>
${points}
${i}        </list>
${i}      </property>
${prop('port', s.port ?? 9042, `${i}      `)}
${prop('readConsistency', s.readConsistency ?? 'LOCAL_ONE', `${i}      `)}
${prop('writeConsistency', s.writeConsistency ?? 'LOCAL_ONE', `${i}      `)}
${i}    </bean>
${i}  </property>
${i}  <property name="persistenceSettings">
${i}    <bean class="org.apache.ignite.cache.store.cassandra.persistence.KeyValuePersistenceSettings">
${i}      <constructor-arg type="org.springframework.core.io.Resource" value="file:${xmlEscape(s.descriptorFile)}"/>
${i}    </bean>
${i}  </property>
${i}</bean>`;
}

/**
 * The `<bean class="CacheConfiguration">` of one cache, for `IgniteNodeConfig.cacheBeans`: its
 * atomicity, backups, read-/write-through, optional write-behind and expiry, and its store: the
 * TypeScript store through the bridge (keys and values stay binary objects, so the servers need no
 * user classes), or the original Java store (which builds user classes itself).
 *
 * @throws UsageError naming the cache, the option and the fix
 */
export function renderCacheBean(cache: CacheOptions, store: StoreBinding): string {
  validateCacheOptions(cache);
  validateStore(cache.name, store);
  const i = '          ';
  const lines = [
    `        <bean class="org.apache.ignite.configuration.CacheConfiguration">`,
    prop('name', cache.name, i),
    prop('atomicityMode', cache.atomicity ?? 'ATOMIC', i),
    prop('cacheMode', cache.cacheMode ?? 'PARTITIONED', i),
    ...(cache.cacheMode === 'REPLICATED' ? [] : [prop('backups', cache.backups ?? 0, i)]),
    prop('readThrough', cache.readThrough ?? true, i),
    prop('writeThrough', cache.writeThrough ?? true, i),
    // The bridge works on binary objects; the original builds user classes from rows.
    prop('storeKeepBinary', store.kind === 'ts', i),
  ];
  const wb = cache.writeBehind;
  if (wb) {
    lines.push(
      prop('writeBehindEnabled', true, i),
      prop('writeBehindFlushSize', wb.flushSize ?? 10240, i),
      prop('writeBehindFlushFrequency', wb.flushFrequencyMs ?? 5000, i),
      prop('writeBehindBatchSize', wb.batchSize ?? 512, i),
      prop('writeBehindFlushThreadCount', wb.flushThreads ?? 1, i),
      prop('writeBehindCoalescing', wb.coalescing ?? true, i),
    );
  }
  if (cache.expiry) {
    lines.push(`${i}<property name="expiryPolicyFactory">
${i}  <bean class="${EXPIRY_CLASSES[cache.expiry.policy]}" factory-method="factoryOf">
${i}    <constructor-arg>
${i}      <bean class="javax.cache.expiry.Duration">
${i}        <constructor-arg type="java.util.concurrent.TimeUnit" value="MILLISECONDS"/>
${i}        <constructor-arg type="long" value="${cache.expiry.durationMs}"/>
${i}      </bean>
${i}    </constructor-arg>
${i}  </bean>
${i}</property>`);
  }
  lines.push(
    `${i}<property name="cacheStoreFactory">`,
    storeFactory(store, `${i}  `),
    `${i}</property>`,
  );
  lines.push('        </bean>');
  return lines.join('\n');
}
