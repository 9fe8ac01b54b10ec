/**
 * Store benchmark: the embedded store against a hand-tuned cassandra-driver baseline on the same
 * local Cassandra, in one process run, alternating the variants (A B, then B A, …) so that drift of
 * a noisy machine hits both alike. For PRIMITIVE Long→Long, BLOB and POJO (ten fields) it measures
 * write, writeAll(100), writeAll(1000), load and loadAll(100): median throughput (rows/s), p50/p99
 * latency per call, client CPU µs per row, and the store/driver ratios. Also: UNLOGGED batching of
 * same-partition rows on and off, and the bulk in-flight bound (`--sweep`) that sets the default.
 *
 *   npm run bench:store [-- --pairs 5 --seconds 2 --contact-points 127.0.0.1:9042 --sweep]
 *
 * Starts a local Cassandra node when none is given or running (and stops it at the end).
 * The last line is `RESULT {json}`.
 */
import { performance } from 'node:perf_hooks';

import { Client, types } from 'cassandra-driver';

import {
  affinityKey,
  CassandraStore,
  column,
  DataSource,
  persistenceSettings,
  type PersistenceInput,
} from '../../store';
import { benchArgs, benchFailed, parseBenchOptions, wholeNumber } from '../shared/args';
import { benchCassandra, median } from '../shared/cassandra';
import { printResult } from '../shared/result';
import {
  driverCall,
  LAYOUTS,
  OPERATIONS,
  Person,
  storeCall,
  type Call,
  type Layout,
} from './cases';

const args = parseBenchOptions(() => {
  const a = benchArgs({
    pairs: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '2' },
    'in-flight': { type: 'string', default: '64' },
    'bulk-callers': { type: 'string', default: '2' },
    'contact-points': { type: 'string' },
    only: { type: 'string' },
    sweep: { type: 'boolean', default: false },
  });
  return {
    ...a,
    pairs: wholeNumber('pairs', a.pairs, 1),
    seconds: wholeNumber('seconds', a.seconds, 1),
    inFlight: wholeNumber('in-flight', a['in-flight'], 1, 4096),
    bulkCallers: wholeNumber('bulk-callers', a['bulk-callers'], 1, 1024),
  };
});
const PAIRS = args.pairs;
const SECONDS = args.seconds;
const SINGLE_IN_FLIGHT = args.inFlight;
const BULK_CALLERS = args.bulkCallers;
const BULK_IN_FLIGHT = 128;
const KEYSPACE = 'bench_store';
const LOAD_ROWS = 20_000;

interface Round {
  rowsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  cpuUsPerRow: number;
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/**
 * Runs `call` in a closed loop from `lanes` concurrent callers for `seconds`, each call covering
 * `batch` rows; `nextFirst` hands out the first row of each call.
 */
async function round(
  call: Call,
  lanes: number,
  batch: number,
  seconds: number,
  nextFirst: () => number,
): Promise<Round> {
  const latencies: number[] = [];
  let rows = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (performance.now() < deadline) {
        const started = performance.now();
        await call(nextFirst());
        latencies.push(performance.now() - started);
        rows += batch;
      }
    }),
  );
  const elapsed = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  latencies.sort((a, b) => a - b);
  return {
    rowsPerSec: (rows * 1000) / elapsed,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    cpuUsPerRow: (cpu.user + cpu.system) / rows,
  };
}

/** Alternates A and B for `pairs` pairs (A B, B A, A B, …) and returns each side's rounds. */
async function alternate(
  a: () => Promise<Round>,
  b: () => Promise<Round>,
  pairs: number,
): Promise<[Round[], Round[]]> {
  const ra: Round[] = [];
  const rb: Round[] = [];
  for (let i = 0; i < pairs; i++) {
    if (i % 2 === 0) {
      ra.push(await a());
      rb.push(await b());
    } else {
      rb.push(await b());
      ra.push(await a());
    }
  }
  return [ra, rb];
}

function summarize(rounds: readonly Round[]) {
  return {
    rowsPerSec: Math.round(median(rounds.map((r) => r.rowsPerSec))),
    p50Ms: Number(median(rounds.map((r) => r.p50Ms)).toFixed(2)),
    p99Ms: Number(median(rounds.map((r) => r.p99Ms)).toFixed(2)),
    cpuUsPerRow: Number(median(rounds.map((r) => r.cpuUsPerRow)).toFixed(1)),
  };
}

const RF1 = "replication = {'class': 'SimpleStrategy', 'replication_factor': 1}";

function valueInput(layout: Layout): PersistenceInput {
  switch (layout.name) {
    case 'primitive':
      return { strategy: 'PRIMITIVE', type: 'bigint' };
    case 'blob':
      return { strategy: 'BLOB' };
    case 'pojo':
      return { strategy: 'POJO', class: Person };
  }
}

class Event {
  @affinityKey() tenant = '';
  @column({ type: 'int' }) seq = 0;
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const db = await benchCassandra('store', args['contact-points']?.split(','));
  const ds = new DataSource({ contactPoints: db.contactPoints, maxRequestsPerConnection: 2048 });
  const client = new Client({
    contactPoints: db.contactPoints,
    localDataCenter: 'datacenter1',
    encoding: { useBigIntAsLong: true, useBigIntAsVarint: true, map: Map },
    pooling: {
      coreConnectionsPerHost: { [types.distance.local]: 2, [types.distance.remote]: 1 },
      maxRequestsPerConnection: 2048,
    },
  });
  const consistency = types.consistencies.localOne;
  try {
    await ds.connect();
    await client.connect();
    await client.execute(`drop keyspace if exists ${KEYSPACE}`);
    const results: Record<string, unknown>[] = [];
    const lines: string[] = [];
    for (const layout of LAYOUTS) {
      if (
        args.only &&
        !args.only.split(',').some((o) => layout.name === o || o.startsWith(`${layout.name}:`))
      )
        continue;
      const make = (table: string, maxInFlight = BULK_IN_FLIGHT) =>
        new CassandraStore({
          dataSource: ds,
          maxInFlight,
          settings: persistenceSettings({
            keyspace: KEYSPACE,
            keyspaceOptions: RF1,
            table,
            key: { strategy: 'PRIMITIVE', type: 'bigint' },
            value: valueInput(layout),
          }),
        });
      const store = make(`${layout.name}_store`);
      const baselineTable = make(`${layout.name}_driver`); // same DDL, for the baseline's own table
      for (const ddl of [store.ddl, baselineTable.ddl])
        for (const s of [ddl.createKeyspace, ddl.createTable]) await client.execute(s);
      // Rows the reads find: written by each side into its own table (the store's values carry a serializer header).
      for (let i = 0; i < LOAD_ROWS; i += 1000) {
        await store.writeAll(
          Array.from({ length: 1000 }, (_, j) => [layout.key(i + j), layout.value(i + j)] as const),
        );
        await driverCall(
          client,
          baselineTable.statements,
          layout,
          'writeAll(1000)',
          1000,
          BULK_IN_FLIGHT,
          consistency,
        )(i);
      }
      for (const op of OPERATIONS) {
        if (
          args.only &&
          !args.only.split(',').some((o) => o === layout.name || o === `${layout.name}:${op.name}`)
        )
          continue;
        const lanes = op.batch === 1 ? SINGLE_IN_FLIGHT : BULK_CALLERS;
        const isRead = op.name.startsWith('load');
        let writeCursor = 1_000_000;
        const nextFirst = isRead
          ? () => Math.floor(Math.random() * (LOAD_ROWS - op.batch))
          : () => (writeCursor += op.batch);
        const a = storeCall(store, layout, op.name, op.batch);
        const b = driverCall(
          client,
          baselineTable.statements,
          layout,
          op.name,
          op.batch,
          BULK_IN_FLIGHT,
          consistency,
        );
        // Warm-up of both (JIT, prepared statements), not counted.
        await round(a, lanes, op.batch, 0.5, nextFirst);
        await round(b, lanes, op.batch, 0.5, nextFirst);
        const [ra, rb] = await alternate(
          () => round(a, lanes, op.batch, SECONDS, nextFirst),
          () => round(b, lanes, op.batch, SECONDS, nextFirst),
          PAIRS,
        );
        const s = summarize(ra);
        const d = summarize(rb);
        const ratios = ra.map((r, i) => r.rowsPerSec / (rb[i]?.rowsPerSec ?? NaN));
        const throughputRatio = Number(median(ratios).toFixed(3));
        const cpuRatio = Number((s.cpuUsPerRow / d.cpuUsPerRow).toFixed(3));
        const target = layout.name === 'pojo' ? 0.9 : 0.95;
        results.push({
          layout: layout.name,
          operation: op.name,
          store: s,
          driver: d,
          throughputRatio,
          cpuRatio,
          throughputTarget: target,
          pass: throughputRatio >= target && cpuRatio <= 1.1,
        });
        const line = `| ${layout.name} | ${op.name} | ${s.rowsPerSec} | ${d.rowsPerSec} | **${throughputRatio.toFixed(2)}** | ${s.p50Ms} / ${s.p99Ms} | ${d.p50Ms} / ${d.p99Ms} | ${s.cpuUsPerRow} | ${d.cpuUsPerRow} | **${cpuRatio.toFixed(2)}** |`;
        lines.push(line);
        process.stderr.write(`${line}\n`);
      }
    }

    // UNLOGGED batches of same-partition rows: writeAll(100) of 10 partitions × 10 rows.
    let batching: Record<string, unknown> | undefined;
    if (!args.only || args.only.includes('batching')) {
      const settings = persistenceSettings({
        keyspace: KEYSPACE,
        keyspaceOptions: RF1,
        table: 'events',
        key: { strategy: 'POJO', class: Event },
        value: { strategy: 'PRIMITIVE', type: 'text' },
      });
      const batched = new CassandraStore<Event, string>({
        dataSource: ds,
        settings,
        batchSamePartition: true,
      });
      const unbatched = new CassandraStore<Event, string>({
        dataSource: ds,
        settings,
        batchSamePartition: false,
      });
      await batched.write(Object.assign(new Event(), { tenant: 't', seq: 0 }), 'x');
      let cursor = 0;
      const entries = (first: number) =>
        Array.from(
          { length: 100 },
          (_, j) =>
            [
              Object.assign(new Event(), {
                tenant: `t${(first + j) % 10}-${Math.floor(first / 100)}`,
                seq: first + j,
              }),
              `payload ${first + j}`,
            ] as const,
        );
      const call =
        (s: CassandraStore<Event, string>): Call =>
        (first) =>
          s.writeAll(entries(first));
      const next = () => (cursor += 100);
      await round(call(batched), BULK_CALLERS, 100, 0.5, next);
      await round(call(unbatched), BULK_CALLERS, 100, 0.5, next);
      const [rb1, ru] = await alternate(
        () => round(call(batched), BULK_CALLERS, 100, SECONDS, next),
        () => round(call(unbatched), BULK_CALLERS, 100, SECONDS, next),
        PAIRS,
      );
      const ratio = Number(
        median(rb1.map((r, i) => r.rowsPerSec / (ru[i]?.rowsPerSec ?? NaN))).toFixed(3),
      );
      batching = { batched: summarize(rb1), unbatched: summarize(ru), throughputRatio: ratio };
      process.stderr.write(`batching same-partition rows: ${JSON.stringify(batching)}\n`);
    }

    // The bulk in-flight bound: writeAll(1000) of PRIMITIVE rows at several bounds.
    let sweep: Record<string, number> | undefined;
    if (args.sweep) {
      const settings = persistenceSettings({
        keyspace: KEYSPACE,
        keyspaceOptions: RF1,
        table: 'primitive_store',
        key: { strategy: 'PRIMITIVE', type: 'bigint' },
        value: { strategy: 'PRIMITIVE', type: 'bigint' },
      });
      const layout = LAYOUTS[0] as Layout;
      const bounds = [16, 32, 64, 128, 256, 512];
      const rounds = new Map<number, Round[]>(bounds.map((b) => [b, []]));
      let cursor = 0;
      for (let p = 0; p < PAIRS; p++) {
        for (const bound of p % 2 ? [...bounds].reverse() : bounds) {
          const s = new CassandraStore({ dataSource: ds, settings, maxInFlight: bound });
          rounds
            .get(bound)
            ?.push(
              await round(
                storeCall(s, layout, 'writeAll(1000)', 1000),
                1,
                1000,
                SECONDS,
                () => (cursor += 1000),
              ),
            );
        }
      }
      sweep = Object.fromEntries(
        bounds.map((b) => [
          String(b),
          Math.round(median((rounds.get(b) ?? []).map((r) => r.rowsPerSec))),
        ]),
      );
      process.stderr.write(
        `writeAll(1000) rows/s by maxInFlight (one caller): ${JSON.stringify(sweep)}\n`,
      );
    }

    console.log(
      `\nStore vs raw driver, ${PAIRS} alternating pairs of ${SECONDS} s; single ops ${SINGLE_IN_FLIGHT} in flight, bulk ${BULK_CALLERS} callers × ${BULK_IN_FLIGHT} in flight.\n`,
    );
    console.log(
      '| layout | operation | store rows/s | driver rows/s | ratio | store p50/p99 ms | driver p50/p99 ms | store CPU µs/row | driver CPU µs/row | CPU ratio |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|---|');
    for (const line of lines) console.log(line);
    const pass = results.every((r) => r.pass === true);
    console.log(
      `\nTargets (throughput ratio ≥ 0.95 PRIMITIVE/BLOB, ≥ 0.90 POJO; CPU ratio ≤ 1.10): ${pass ? 'all met' : 'NOT all met'}`,
    );
    printResult({
      benchmark: 'store',
      startedAt,
      options: {
        pairs: PAIRS,
        secondsPerRound: SECONDS,
        inFlight: SINGLE_IN_FLIGHT,
        bulkCallers: BULK_CALLERS,
      },
      pass,
      figures: { cases: results, batching, maxInFlightSweep: sweep },
    });
  } finally {
    await client.shutdown();
    await ds.close();
    await db.stop();
  }
}

main().catch(benchFailed);
