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
 * - ignite-ts-inflight2: ignite-ts with two coalesced frames in flight per cache and kind
 *                    (`coalesceFramesInFlight = 2`; the default is one);
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
import { benchCassandra } from '../shared/cassandra';
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
import { cpuSnapshot, cpuPerEntry, cpuSpent, type CpuSnapshot } from './machine-cpu';
import { runBridge, type BridgeOp } from './bridge-run';
import { breakdown, printReport, type Sample } from './report';
import {
  ALL_VARIANTS,
  ALL_WORKLOADS,
  BULK_WORKLOADS,
  type Variant,
  type Workload,
} from './variants';

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
/** The same table through a bridge that keeps two coalesced frames in flight per cache and kind. */
const INFLIGHT2_CACHE = 'bench_inflight2';

/** The Ignite cache a variant runs against (the store variant uses none). */
function cacheOf(variant: Variant): string {
  if (variant === 'ignite-none') return MEMORY_CACHE;
  if (variant === 'ignite-ts-single') return SINGLE_CACHE;
  if (variant === 'ignite-ts-inflight2') return INFLIGHT2_CACHE;
  return variant === 'ignite-ts-partition' ? PARTITION_CACHE : CACHE;
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
                { name: INFLIGHT2_CACHE, descriptor: file, bridge: { coalesceFramesInFlight: 2 } },
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
    printReport(
      got,
      {
        variants: VARIANTS,
        workloads: WORKLOADS,
        oneWorkerVariants: ONE_WORKER_VARIANTS,
        oneWorker: ONE_WORKER,
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
      },
      startedAt,
    );
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

main().catch(benchFailed);
