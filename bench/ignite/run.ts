/**
 * Ignite with the TypeScript store against Ignite with the original Java store and the store used
 * directly (`npm run bench:ignite [-- --rounds 3 --seconds 5 --concurrency 16 --bulk 100
 * --per-worker 20000 --warm-up-rounds 1 --warm-up-seconds 10 --contact-points 127.0.0.1:9042 --variants …
 * --workloads WRITE,BULK_WRITE,READ,BULK_READ]`).
 *
 * Variants, alternating (each workload of each variant is its own load-test run, round after
 * round; medians over rounds are reported), all on one Cassandra table of `Long → Long` rows:
 * - ignite-ts:       Ignite 2.17, write- and read-through via the Java bridge and the TS sidecar;
 * - ignite-ts-partition: the same with the store's `bulkGrouping: 'partition'` (one request per
 *                    key, as the original store sends them): what grouping by replica set brings;
 * - ignite-ts-single: ignite-ts with the bridge's coalescing off (`coalesce = false`): every
 *                    single-entry call its own frame and store call, the path before coalescing;
 * - ignite-original: Ignite 2.17 with `ignite-cassandra-store` 2.9.1 (the same descriptor);
 * - store:           the embedded store in the load-test process (the `store` target);
 * - bridge:          Java threads call the bridge's store directly (`BridgeBench`, no Ignite),
 *                    which forwards to the sidecar: bridge plus sidecar against the store used
 *                    directly, with nothing of Ignite's own work in between;
 * - ignite-none:     Ignite alone, on a cache without a store, entries in memory: what Ignite and
 *                    the Node thin client cost by themselves.
 *
 * Every call of an Ignite variant reaches its store: the caches are cleared (memory only, never
 * the store) before each run, each worker reads each key at most once per run, and the table is
 * filled beforehand so every read finds its row. Reads are verified.
 *
 * CPU is the whole machine's (`/proc/stat`: Cassandra, Ignite, sidecar and the load-test process
 * together) over the measured phase, per entry. On a machine whose cores are all busy, that is
 * what throughput trades against; it is also split by kind of process. The bridge-plus-sidecar
 * overhead is measured on the `bridge` variant, round by round against the store (the 15% limit
 * is on bulk calls):
 *   overhead = (non-Cassandra CPU per entry of bridge − that of store) / CPU per entry of store
 * (both send Cassandra the same statements; Cassandra's own CPU swings with flushes and
 * compactions, so it is left out of the difference), with the throughput and total-CPU ratios.
 * Without it, it is estimated (Ignite's own read- and write-through work counted as overhead) as
 *   (CPU per entry of ignite-ts − CPU per entry of ignite-none) / CPU per entry of store − 1.
 * Entries per frame: the sidecar's coalescing counters (HEALTH) before and after each run of a
 * variant through the sidecar (the run's 1 s warm-up included). `--one-worker WRITE,READ` (the
 * default; empty for none) also runs those workloads with one worker for ignite-ts and
 * ignite-ts-single, alternating, to compare their p50 latency where nothing can coalesce.
 * The last line is `RESULT {json}`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import IgniteClient from 'apache-ignite-client';

import { waitFor, WaitTimeoutError } from '../../common/wait';
import { allocateLoopbackBlock, runDir, type LoopbackBlock } from '../../local';
import { benchArgs, benchFailed, namesFrom, parseBenchOptions, wholeNumber } from '../shared/args';
import { benchCassandra, median } from '../shared/cassandra';
import { printResult } from '../shared/result';
import { IgniteStoreCluster, type StoreMode } from '../../local';
import { CassandraStore, DataSource, loadPersistenceXml } from '../../store';
import {
  formatMs as ms,
  loadTestConfigSchema,
  runLoadTest,
  type LoadTestResult,
  type OperationType,
  type WorkloadName,
} from '../../tests-runner';
import {
  cpuSnapshot,
  cpuPerEntry,
  cpuSpent,
  PROCESS_KINDS,
  type CpuPerEntry,
  type CpuSnapshot,
  type ProcessKind,
} from './machine-cpu';
import { runBridge, type BridgeOp } from './bridge-run';

const ALL_VARIANTS = [
  'ignite-ts',
  'ignite-original',
  'store',
  'bridge',
  'ignite-none',
  'ignite-ts-partition',
  'ignite-ts-single',
] as const;
type Variant = (typeof ALL_VARIANTS)[number];
const ALL_WORKLOADS = ['WRITE', 'BULK_WRITE', 'READ', 'BULK_READ'] as const;
type Workload = (typeof ALL_WORKLOADS)[number];

const OPTIONS = parseBenchOptions(() => {
  const args = benchArgs({
    rounds: { type: 'string', default: '3' },
    'warm-up-rounds': { type: 'string', default: '1' },
    'warm-up-seconds': { type: 'string', default: '10' },
    seconds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '16' },
    bulk: { type: 'string', default: '100' },
    'per-worker': { type: 'string', default: '20000' },
    'contact-points': { type: 'string' },
    variants: { type: 'string', default: ALL_VARIANTS.join(',') },
    workloads: { type: 'string', default: ALL_WORKLOADS.join(',') },
    'one-worker': { type: 'string', default: 'WRITE,READ' },
  });
  return {
    rounds: wholeNumber('rounds', args.rounds, 1),
    warmUpRounds: wholeNumber('warm-up-rounds', args['warm-up-rounds'], 0),
    warmUpSeconds: wholeNumber('warm-up-seconds', args['warm-up-seconds'], 1),
    // CPU is read from the runner's once-a-second samples: a 1 s run has only one.
    seconds: wholeNumber('seconds', args.seconds, 2),
    concurrency: wholeNumber('concurrency', args.concurrency, 1, 1024),
    bulk: wholeNumber('bulk', args.bulk, 1, 100_000),
    perWorker: wholeNumber('per-worker', args['per-worker'], 1),
    contactPoints: args['contact-points']?.split(','),
    variants: namesFrom('variants', args.variants, ALL_VARIANTS),
    workloads: namesFrom('workloads', args.workloads, ALL_WORKLOADS),
    oneWorker: args['one-worker'] ? namesFrom('one-worker', args['one-worker'], ALL_WORKLOADS) : [],
  };
});
const ROUNDS = OPTIONS.rounds;
const WARM_UP_ROUNDS = OPTIONS.warmUpRounds;
const WARM_UP_ROUND_SECONDS = OPTIONS.warmUpSeconds;
const SECONDS = OPTIONS.seconds;
const CONCURRENCY = OPTIONS.concurrency;
const BULK = OPTIONS.bulk;
const PER_WORKER = OPTIONS.perWorker;
const WARMUP_SECONDS = 1;
const VARIANTS: readonly Variant[] = OPTIONS.variants;
const WORKLOADS: readonly Workload[] = OPTIONS.workloads;
/** The variants whose one-worker latency is compared: coalescing on, and off. */
const ONE_WORKER_VARIANTS: readonly Variant[] = (['ignite-ts', 'ignite-ts-single'] as const).filter(
  (v) => OPTIONS.variants.includes(v),
);
const ONE_WORKER: readonly Workload[] = ONE_WORKER_VARIANTS.length ? OPTIONS.oneWorker : [];
const OPERATION: Readonly<Record<Workload, OperationType>> = {
  WRITE: 'write',
  BULK_WRITE: 'bulkWrite',
  READ: 'read',
  BULK_READ: 'bulkRead',
};
const BULK_WORKLOADS: readonly Workload[] = ['BULK_WRITE', 'BULK_READ'];
/** The bridge's store call of each workload (`BridgeBench`). */
const BRIDGE_OP: Readonly<Record<Workload, BridgeOp>> = {
  WRITE: 'write',
  BULK_WRITE: 'writeAll',
  READ: 'load',
  BULK_READ: 'loadAll',
};

const KEYSPACE = 'testbed_bench_ignite';
const TABLE = 'bench_long_long';
const CACHE = 'bench';
const MEMORY_CACHE = 'bench_memory';
/** The same table through a store with `bulkGrouping: 'partition'`. */
const PARTITION_CACHE = 'bench_partition';
/** The same table through a bridge that does not coalesce single-entry calls. */
const SINGLE_CACHE = 'bench_single';

/** The Ignite cache a variant runs against (the store variant uses none). */
function cacheOf(variant: Variant): string {
  if (variant === 'ignite-none') return MEMORY_CACHE;
  if (variant === 'ignite-ts-single') return SINGLE_CACHE;
  return variant === 'ignite-ts-partition' ? PARTITION_CACHE : CACHE;
}

/** One run; its CPU figures are over the measured phase. */
interface Sample extends CpuPerEntry {
  /** Entries per second (calls per second for single-entry workloads). */
  entriesPerSec: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  /** Some worker read a key twice (the second read would not reach the store). */
  wrapped: boolean;
  /** Entries per frame of single-entry calls at the sidecar (NaN: no sidecar, or no such frames). */
  entriesPerFrame: number;
}

interface Coalescing {
  frames: number;
  entries: number;
}

/** The sidecar's coalescing counters (TS cluster), to diff around a run. */
async function coalescingOf(cluster: IgniteStoreCluster): Promise<Coalescing> {
  const c = (await cluster.sidecar(1).health()).coalescing as Coalescing | undefined;
  return { frames: c?.frames ?? 0, entries: c?.entries ?? 0 };
}

function perFrame(before: Coalescing, after: Coalescing): number {
  const frames = after.frames - before.frames;
  return frames > 0 ? (after.entries - before.entries) / frames : NaN;
}

function descriptor(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${TABLE}.xml`);
  writeFileSync(
    file,
    `<persistence keyspace="${KEYSPACE}" table="${TABLE}">
    <keyspaceOptions>replication = {'class': 'SimpleStrategy', 'replication_factor': 1}</keyspaceOptions>
    <keyPersistence class="java.lang.Long" strategy="PRIMITIVE" column="key"/>
    <valuePersistence class="java.lang.Long" strategy="PRIMITIVE" column="value"/>
</persistence>
`,
  );
  return file;
}

/** Writes every key the workers will read (value = key, as the long generator makes them). */
async function fillTable(contactPoints: readonly string[], file: string): Promise<void> {
  const dataSource = new DataSource({ contactPoints: [...contactPoints] });
  try {
    const store = new CassandraStore<bigint, bigint>({
      dataSource,
      settings: await loadPersistenceXml(file),
    });
    const total = CONCURRENCY * PER_WORKER;
    for (let first = 0; first < total; first += 5000) {
      const entries: [bigint, bigint][] = [];
      for (let i = first; i < Math.min(total, first + 5000); i++)
        entries.push([BigInt(i), BigInt(i)]);
      await store.writeAll(entries);
    }
    await compactionsDone(dataSource);
  } finally {
    await dataSource.close();
  }
}

/**
 * Waits (at most two minutes) until Cassandra runs no compaction on the benchmark's keyspace: the
 * compactions the fill starts would otherwise load whichever variant runs first.
 */
async function compactionsDone(dataSource: DataSource): Promise<void> {
  const tasks =
    'select keyspace_name from system_views.sstable_tasks where keyspace_name = ? allow filtering';
  try {
    await waitFor(
      async () => (await dataSource.client.execute(tasks, [KEYSPACE])).rowLength === 0,
      {
        description: `Cassandra's compactions of ${KEYSPACE} to end`,
        timeoutMs: 120_000,
        intervalMs: 500,
      },
    );
  } catch (error) {
    if (!(error instanceof WaitTimeoutError)) throw error;
    process.stderr.write(`Going on while compactions still run: ${error.message}\n`);
  }
}

async function connect(endpoints: readonly string[]): Promise<IgniteClient> {
  const client = new IgniteClient();
  await client.connect(new IgniteClient.IgniteClientConfiguration(...endpoints));
  return client;
}

/** The memory-only cache (created by a client, so without a store), filled with every key. */
async function memoryCache(client: IgniteClient): Promise<void> {
  const LONG = IgniteClient.ObjectType.PRIMITIVE_TYPE.LONG;
  const cache = (await client.getOrCreateCache<number, number>(MEMORY_CACHE))
    .setKeyType(LONG)
    .setValueType(LONG);
  const total = CONCURRENCY * PER_WORKER;
  for (let first = 0; first < total; first += 2000) {
    const entries: IgniteClient.CacheEntry<number, number>[] = [];
    for (let i = first; i < Math.min(total, first + 2000); i++)
      entries.push(new IgniteClient.CacheEntry(i, i));
    await cache.putAll(entries);
  }
}

/** `throughStore`: a read of a key already read would be served from Ignite's memory. */
function sampleOf(
  result: LoadTestResult,
  workload: Workload,
  cpu: { spent: CpuSnapshot | undefined; calls: number },
  throughStore: boolean,
  concurrency: number,
): Sample {
  const w = result.workloads.find((x) => x.name === (workload as WorkloadName));
  const s = w?.measured.operations[OPERATION[workload]];
  if (!w || !s) throw new Error(`no ${workload} figures`);
  const bulk = BULK_WORKLOADS.includes(workload);
  const perCall = bulk ? BULK : 1;
  const warm = w.warmup.operations[OPERATION[workload]];
  const readKeysPerWorker =
    ((s.calls + s.errors + (warm ? warm.calls + warm.errors : 0)) * perCall) / concurrency;
  return {
    entriesPerSec: bulk ? s.throughputEntriesPerSec : s.throughputOpsPerSec,
    p50Ms: s.latency.p50Ms,
    p99Ms: s.latency.p99Ms,
    ...cpuPerEntry(cpu.spent, cpu.calls * perCall),
    errors: s.errors + s.misses,
    wrapped: throughStore && workload.endsWith('READ') && readKeysPerWorker > PER_WORKER,
    entriesPerFrame: NaN,
  };
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const abort = new AbortController();
  process.once('SIGINT', () => {
    process.stderr.write('\nInterrupted: stopping what the benchmark started…\n');
    abort.abort();
  });
  const dir = path.join(runDir(), 'bench', 'ignite');
  const file = descriptor(dir);
  const db = await benchCassandra('ignite', OPTIONS.contactPoints);
  const blocks: LoopbackBlock[] = [];
  const clusters = new Map<StoreMode, IgniteStoreCluster>();
  const clients = new Map<StoreMode, IgniteClient>();
  try {
    process.stderr.write(`Filling ${KEYSPACE}.${TABLE} with ${CONCURRENCY * PER_WORKER} rows…\n`);
    await fillTable(db.contactPoints, file);
    const modes: StoreMode[] = [];
    // Every variant but the original runs against the TS cluster (the bridge talks to its sidecar).
    if (VARIANTS.some((v) => v !== 'ignite-original')) modes.push('ts');
    if (VARIANTS.includes('ignite-original')) modes.push('original');
    for (const mode of modes) {
      process.stderr.write(
        `Starting Ignite with the ${mode === 'ts' ? 'TypeScript' : 'original'} store…\n`,
      );
      const loopback = allocateLoopbackBlock();
      blocks.push(loopback);
      const cluster = await IgniteStoreCluster.start({
        dir: path.join(dir, mode),
        mode,
        loopback,
        cassandra: { contactPoints: db.contactPoints },
        caches:
          mode === 'ts'
            ? [
                { name: CACHE, descriptor: file },
                { name: PARTITION_CACHE, descriptor: file, bulkGrouping: 'partition' },
                { name: SINGLE_CACHE, descriptor: file, bridge: { coalesce: false } },
              ]
            : [{ name: CACHE, descriptor: file }],
        log: () => undefined,
      });
      clusters.set(mode, cluster);
      clients.set(mode, await connect(cluster.clientEndpoints));
    }
    if (VARIANTS.includes('ignite-none')) await memoryCache(clients.get('ts') as IgniteClient);

    const got = new Map<string, Sample[]>();
    const stopped = (): boolean => abort.signal.aborted;
    // Warm-up rounds (not reported): JIT of every JVM and of Node, Cassandra's first flushes. Two
    // seconds were too short: the JVMs' throughput still climbed 2.5× over the next four rounds.
    for (let round = 1 - WARM_UP_ROUNDS; round <= ROUNDS && !stopped(); round++) {
      const seconds = round < 1 ? WARM_UP_ROUND_SECONDS : SECONDS;
      const runs: [Variant, Workload, number][] = [
        ...VARIANTS.flatMap((v) =>
          WORKLOADS.map((w): [Variant, Workload, number] => [v, w, CONCURRENCY]),
        ),
        // One worker, coalescing on and off alternating: the latency of a lone call.
        ...ONE_WORKER.flatMap((w) =>
          ONE_WORKER_VARIANTS.map((v): [Variant, Workload, number] => [v, w, 1]),
        ),
      ];
      {
        for (const [variant, workload, concurrency] of runs) {
          if (stopped()) break;
          const mode: StoreMode = variant === 'ignite-original' ? 'original' : 'ts';
          const cluster = clusters.get(mode) as IgniteStoreCluster;
          // Memory only: the next run's calls must all reach the store.
          if (variant !== 'store' && variant !== 'ignite-none' && variant !== 'bridge')
            await (clients.get(mode) as IgniteClient).getCache(cacheOf(variant)).clear();
          const viaSidecar = mode === 'ts' && variant !== 'store' && variant !== 'ignite-none';
          const before = viaSidecar ? await coalescingOf(cluster) : undefined;
          const sample =
            variant === 'bridge'
              ? await measureBridge(cluster, workload, seconds, abort.signal)
              : await measureLoadTest(
                  variant,
                  workload,
                  seconds,
                  concurrency,
                  cluster,
                  db.contactPoints,
                  file,
                  abort.signal,
                );
          if (before) sample.entriesPerFrame = perFrame(before, await coalescingOf(cluster));
          const key = `${variant} ${workload}${concurrency === 1 && concurrency !== CONCURRENCY ? '@1' : ''}`;
          if (round < 1) {
            process.stderr.write(
              `warm-up ${key}: ${Math.round(sample.entriesPerSec).toLocaleString('en-US')} entries/s\n`,
            );
            continue;
          }
          got.set(key, [...(got.get(key) ?? []), sample]);
          process.stderr.write(
            `round ${round} ${key}: ${Math.round(sample.entriesPerSec).toLocaleString('en-US')} entries/s, p50 ${ms(sample.p50Ms)}, p99 ${ms(sample.p99Ms)}, ${sample.cpuUsPerEntry.toFixed(1)} µs machine CPU/entry (${breakdown(sample)})${Number.isNaN(sample.entriesPerFrame) ? '' : `, ${sample.entriesPerFrame.toFixed(2)} entries/frame`}${sample.errors ? `, ${sample.errors} errors` : ''}${sample.wrapped ? ' (keys re-read: raise --per-worker)' : ''}\n`,
          );
        }
      }
    }
    report(got, startedAt);
  } finally {
    for (const client of clients.values()) client.disconnect();
    await Promise.allSettled([...clusters.values()].map((c) => c.stop()));
    for (const b of blocks) b.release();
    await db.stop();
  }
}

/** One workload of a variant run by the load-test runner (the store or ignite target). */
async function measureLoadTest(
  variant: Variant,
  workload: Workload,
  seconds: number,
  concurrency: number,
  cluster: IgniteStoreCluster,
  contactPoints: readonly string[],
  file: string,
  signal: AbortSignal,
): Promise<Sample> {
  const cpu: {
    first: CpuSnapshot | undefined;
    firstCalls: number;
    spent: CpuSnapshot | undefined;
    calls: number;
  } = { first: undefined, firstCalls: 0, spent: undefined, calls: 0 };
  const result = await runLoadTest(
    loadTestConfigSchema.parse({
      target: variant === 'store' ? 'store' : 'ignite',
      workloads: [workload],
      warmupSeconds: WARMUP_SECONDS,
      durationSeconds: seconds,
      concurrency,
      bulkSize: BULK,
      verifyReads: true,
      keys: { perWorker: PER_WORKER },
      cassandra: { contactPoints, keyspace: KEYSPACE },
      persistenceSettings: file,
      ignite: { endpoints: cluster.clientEndpoints, cache: cacheOf(variant) },
    }),
    {
      signal,
      onSample: (s) => {
        if (s.phase !== 'measured') return;
        const now = cpuSnapshot();
        if (!cpu.first) {
          cpu.first = now;
          cpu.firstCalls = s.calls;
        } else {
          cpu.spent = cpuSpent(cpu.first, now);
          cpu.calls = s.calls - cpu.firstCalls;
        }
      },
    },
  );
  return sampleOf(
    result,
    workload,
    cpu,
    variant !== 'store' && variant !== 'ignite-none',
    concurrency,
  );
}

/** A workload through the bridge and sidecar of the TS cluster, without Ignite. */
async function measureBridge(
  cluster: IgniteStoreCluster,
  workload: Workload,
  seconds: number,
  signal: AbortSignal,
): Promise<Sample> {
  const r = await runBridge({
    cluster,
    cache: CACHE,
    op: BRIDGE_OP[workload],
    threads: CONCURRENCY,
    bulk: BULK,
    warmupSeconds: WARMUP_SECONDS,
    seconds,
    keysPerThread: PER_WORKER,
    signal,
  });
  return {
    entriesPerSec: r.entries / seconds,
    p50Ms: r.p50Ms,
    p99Ms: r.p99Ms,
    ...cpuPerEntry(r.spent, r.entries),
    errors: r.errors,
    wrapped: false,
    entriesPerFrame: NaN,
  };
}

/**
 * What bridge plus sidecar cost beyond the store used directly, per entry, as a share of the
 * store's whole machine CPU per entry; median over rounds, each bridge run paired with the store
 * run of its round. Both send Cassandra the same statements (the sidecar runs the same store), so
 * Cassandra's own CPU, which swings with its flushes and compactions, is left out of the
 * difference: the client side is everything else (sidecar and caller, or the load-test process).
 */
function clientOverhead(bridge: readonly Sample[], store: readonly Sample[]): number {
  const outsideCassandra = (s: Sample): number => s.cpuUsPerEntry - s.cpuUsPerEntryBy.cassandra;
  const n = Math.min(bridge.length, store.length);
  const perRound: number[] = [];
  for (let i = 0; i < n; i++) {
    const b = bridge[i] as Sample;
    const s = store[i] as Sample;
    perRound.push((outsideCassandra(b) - outsideCassandra(s)) / s.cpuUsPerEntry);
  }
  return median(perRound);
}

/** "Cassandra 40.1 + Ignite 20.3 + … µs, 3.2 context switches" per entry. */
function breakdown(s: Pick<Sample, 'cpuUsPerEntryBy' | 'contextSwitchesPerEntry'>): string {
  const parts = PROCESS_KINDS.map((k) => `${k} ${s.cpuUsPerEntryBy[k].toFixed(1)}`);
  return `${parts.join(' + ')}; ${s.contextSwitchesPerEntry.toFixed(1)} context switches`;
}

function perFrameText(x: number): string {
  return Number.isNaN(x) ? '–' : x.toFixed(2);
}

function report(got: ReadonlyMap<string, Sample[]>, startedAt: Date): void {
  const has = (...v: Variant[]): boolean => v.every((x) => VARIANTS.includes(x));
  const has1 = (...v: Variant[]): boolean => v.every((x) => ONE_WORKER_VARIANTS.includes(x));
  type Figure = Exclude<keyof Sample, 'wrapped' | 'cpuUsPerEntryBy'>;
  const samples = (variant: Variant, workload: string): Sample[] =>
    got.get(`${variant} ${workload}`) ?? [];
  const med = (variant: Variant, workload: Workload, f: Figure): number =>
    median((got.get(`${variant} ${workload}`) ?? []).map((s) => s[f]));
  const medBy = (variant: Variant, workload: Workload): Record<ProcessKind, number> =>
    Object.fromEntries(
      PROCESS_KINDS.map((k) => [
        k,
        median((got.get(`${variant} ${workload}`) ?? []).map((s) => s.cpuUsPerEntryBy[k])),
      ]),
    ) as Record<ProcessKind, number>;
  const round = (x: number, digits = 2) => Number(x.toFixed(digits));
  const figures = Object.fromEntries(
    VARIANTS.map((v) => [
      v,
      Object.fromEntries(
        WORKLOADS.map((w) => [
          w,
          {
            entriesPerSecMedian: Math.round(med(v, w, 'entriesPerSec')),
            p50MsMedian: round(med(v, w, 'p50Ms'), 3),
            p99MsMedian: round(med(v, w, 'p99Ms'), 3),
            cpuUsPerEntryMedian: round(med(v, w, 'cpuUsPerEntry'), 1),
            cpuUsPerEntryByProcessMedian: Object.fromEntries(
              Object.entries(medBy(v, w)).map(([k, x]) => [k, round(x, 1)]),
            ),
            contextSwitchesPerEntryMedian: round(med(v, w, 'contextSwitchesPerEntry'), 1),
            entriesPerFrameMedian: round(med(v, w, 'entriesPerFrame')),
            errors: (got.get(`${v} ${w}`) ?? []).reduce((n, s) => n + s.errors, 0),
            wrapped: (got.get(`${v} ${w}`) ?? []).some((s) => s.wrapped),
          },
        ]),
      ),
    ]),
  );
  const tsVsOriginal = Object.fromEntries(
    WORKLOADS.map((w) => {
      const ratio =
        med('ignite-ts', w, 'entriesPerSec') / med('ignite-original', w, 'entriesPerSec');
      // Rounds alternate the variants: round i of one against round i of the other.
      const ts = samples('ignite-ts', w);
      const original = samples('ignite-original', w);
      const perRound = ts
        .slice(0, original.length)
        .map((s, i) => round(s.entriesPerSec / (original[i] as Sample).entriesPerSec));
      const roundsAtLeastOne = perRound.filter((r) => r >= 1.0).length;
      // Single-entry workloads: the median and at least 4 rounds in 5 (80%) at 1.0 or better.
      const single = !BULK_WORKLOADS.includes(w);
      const pass =
        ratio >= 1.0 && (!single || roundsAtLeastOne >= Math.ceil(0.8 * perRound.length));
      return [w, { throughputRatio: round(ratio), perRound, roundsAtLeastOne, target: 1.0, pass }];
    }),
  );
  const oneWorker = Object.fromEntries(
    (has1('ignite-ts', 'ignite-ts-single') ? ONE_WORKER : []).map((w) => {
      const on = samples('ignite-ts', `${w}@1`);
      const off = samples('ignite-ts-single', `${w}@1`);
      const p50On = median(on.map((s) => s.p50Ms));
      const p50Off = median(off.map((s) => s.p50Ms));
      const change = p50On / p50Off - 1;
      return [
        w,
        {
          p50MsCoalescing: round(p50On, 3),
          p50MsCoalescingOff: round(p50Off, 3),
          p50ChangePercent: round(100 * change, 1),
          perRoundChangePercent: on
            .slice(0, off.length)
            .map((s, i) => round(100 * (s.p50Ms / (off[i] as Sample).p50Ms - 1), 1)),
          entriesPerFrameMedian: round(median(on.map((s) => s.entriesPerFrame))),
          limitPercent: 10,
          pass: change <= 0.1,
        },
      ];
    }),
  );
  const bridgeOverhead = Object.fromEntries(
    WORKLOADS.map((w) => {
      const limited = BULK_WORKLOADS.includes(w);
      const measured = VARIANTS.includes('bridge');
      const byCpu = measured
        ? clientOverhead(got.get(`bridge ${w}`) ?? [], got.get(`store ${w}`) ?? [])
        : (med('ignite-ts', w, 'cpuUsPerEntry') - med('ignite-none', w, 'cpuUsPerEntry')) /
            med('store', w, 'cpuUsPerEntry') -
          1;
      const endToEnd = 1 - med('ignite-ts', w, 'entriesPerSec') / med('store', w, 'entriesPerSec');
      return [
        w,
        {
          method: measured
            ? 'bridge without Ignite vs store, CPU outside Cassandra'
            : 'estimate: ignite-ts − ignite-none',
          totalCpuRatio: measured
            ? round(med('bridge', w, 'cpuUsPerEntry') / med('store', w, 'cpuUsPerEntry'))
            : null,
          cpuOverheadPercent: round(100 * byCpu, 1),
          bridgeThroughputRatio: measured
            ? round(med('bridge', w, 'entriesPerSec') / med('store', w, 'entriesPerSec'))
            : null,
          // The issue's limit is on bulk calls; single calls are reported without one.
          limitPercent: limited ? 15 : null,
          pass: limited ? byCpu <= 0.15 : null,
          endToEndThroughputLossPercent: round(100 * endToEnd, 1),
        },
      ];
    }),
  );
  console.log(
    `\n| variant | workload | entries/s (median) | p50 | p99 | machine CPU µs/entry | ${PROCESS_KINDS.join(' | ')} | context switches/entry | entries/frame |\n|---|---|---:|---:|---:|---:|${PROCESS_KINDS.map(() => '---:|').join('')}---:|---:|`,
  );
  for (const v of VARIANTS) {
    for (const w of WORKLOADS) {
      const samples = got.get(`${v} ${w}`) ?? [];
      const f = {
        errors: samples.reduce((n, s) => n + s.errors, 0),
        wrapped: samples.some((s) => s.wrapped),
      };
      console.log(
        `| ${v} | ${w} | ${Math.round(med(v, w, 'entriesPerSec')).toLocaleString('en-US')} | ${ms(med(v, w, 'p50Ms'))} | ${ms(med(v, w, 'p99Ms'))} | ${med(v, w, 'cpuUsPerEntry').toFixed(1)} | ${PROCESS_KINDS.map((k) => medBy(v, w)[k].toFixed(1)).join(' | ')} | ${med(v, w, 'contextSwitchesPerEntry').toFixed(1)} | ${perFrameText(med(v, w, 'entriesPerFrame'))} |${f.errors ? ` ${f.errors} errors` : ''}${f.wrapped ? ' (keys re-read)' : ''}`,
      );
    }
  }
  for (const w of ONE_WORKER) {
    for (const v of ONE_WORKER_VARIANTS) {
      const xs = samples(v, `${w}@1`);
      const m = (f: (s: Sample) => number): number => median(xs.map(f));
      console.log(
        `| ${v} | ${w} (1 worker) | ${Math.round(m((s) => s.entriesPerSec)).toLocaleString('en-US')} | ${ms(m((s) => s.p50Ms))} | ${ms(m((s) => s.p99Ms))} | ${m((s) => s.cpuUsPerEntry).toFixed(1)} | ${PROCESS_KINDS.map((k) => m((s) => s.cpuUsPerEntryBy[k]).toFixed(1)).join(' | ')} | ${m((s) => s.contextSwitchesPerEntry).toFixed(1)} | ${perFrameText(m((s) => s.entriesPerFrame))} |`,
      );
    }
  }
  console.log('');
  for (const w of has('ignite-ts', 'ignite-original') ? WORKLOADS : []) {
    const r = tsVsOriginal[w] as {
      throughputRatio: number;
      perRound: number[];
      roundsAtLeastOne: number;
      pass: boolean;
    };
    console.log(
      `${w}: Ignite + TS store / Ignite + Java store = ${r.throughputRatio.toFixed(2)}× (per round ${r.perRound.map((x) => x.toFixed(2)).join(', ')}: ${r.roundsAtLeastOne} of ${r.perRound.length} ≥ 1.0; target median ≥ 1.0${BULK_WORKLOADS.includes(w) ? '' : ' and 4 rounds in 5'}: ${r.pass ? 'pass' : 'FAIL'})`,
    );
  }
  for (const w of Object.keys(oneWorker)) {
    const r = oneWorker[w] as {
      p50MsCoalescing: number;
      p50MsCoalescingOff: number;
      p50ChangePercent: number;
      perRoundChangePercent: number[];
      pass: boolean;
    };
    console.log(
      `${w}, 1 worker: p50 with coalescing ${ms(r.p50MsCoalescing)} vs off ${ms(r.p50MsCoalescingOff)} = ${r.p50ChangePercent >= 0 ? '+' : ''}${r.p50ChangePercent}% (per round ${r.perRoundChangePercent.join(', ')} %; limit +10%: ${r.pass ? 'pass' : 'FAIL'})`,
    );
  }
  const overheadKnown = has('store') && (has('bridge') || has('ignite-ts', 'ignite-none'));
  for (const w of overheadKnown ? WORKLOADS : []) {
    const r = bridgeOverhead[w] as {
      method: string;
      totalCpuRatio: number | null;
      cpuOverheadPercent: number;
      bridgeThroughputRatio: number | null;
      pass: boolean | null;
      endToEndThroughputLossPercent: number;
    };
    const throughput =
      r.bridgeThroughputRatio === null
        ? ''
        : `; bridge throughput ${r.bridgeThroughputRatio.toFixed(2)}× the store's, its machine CPU per entry ${(r.totalCpuRatio ?? NaN).toFixed(2)}×`;
    console.log(
      `${w}: bridge + sidecar CPU overhead vs the direct store ${r.cpuOverheadPercent}% (${r.method}${r.pass === null ? '' : `; limit 15%: ${r.pass ? 'pass' : 'FAIL'}`})${throughput}${has('ignite-ts', 'store') ? `; end to end, Ignite + TS store delivers ${(100 - r.endToEndThroughputLossPercent).toFixed(1)}% of the direct store's throughput` : ''}`,
    );
  }
  const verdicts = [
    ...Object.values(tsVsOriginal),
    ...Object.values(oneWorker),
    ...Object.values(bridgeOverhead),
  ]
    .map((r) => (r as { pass: boolean | null }).pass)
    .filter((p): p is boolean => p !== null);
  printResult({
    benchmark: 'ignite',
    startedAt,
    options: {
      rounds: ROUNDS,
      warmUpRounds: WARM_UP_ROUNDS,
      warmUpSeconds: WARM_UP_ROUND_SECONDS,
      secondsPerRun: SECONDS,
      concurrency: CONCURRENCY,
      bulkSize: BULK,
      perWorker: PER_WORKER,
      variants: VARIANTS,
      workloads: WORKLOADS,
    },
    pass: verdicts.length ? verdicts.every(Boolean) : null,
    figures: { variants: figures, tsVsOriginal, oneWorker, bridgeOverhead },
  });
}

main().catch(benchFailed);
