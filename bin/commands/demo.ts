import path from 'node:path';

import IgniteClient from 'apache-ignite-client';
import type { Client } from 'cassandra-driver';

import { TestbedError } from '../../common/errors';
import {
  allocateLoopbackBlock,
  CassandraCluster,
  harnessClient,
  IgniteCluster,
  runDir,
} from '../../local';
import { ok, out, progress } from '../cli-output';
import { firstValue } from '../../local/cassandra/cql';

/** Options of `testbed demo`. */
export interface DemoOptions {
  /** Rows written and read back through each service. */
  readonly rows: number;
}

/** Runs `task` over `items` with at most `limit` in flight. */
async function boundedEach<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

function rate(count: number, ms: number): string {
  return `${count} in ${ms} ms (${Math.round((count * 1000) / Math.max(ms, 1))}/s)`;
}

async function cassandraSmoke(client: Client, rows: number): Promise<string[]> {
  await client.execute(
    "CREATE KEYSPACE IF NOT EXISTS testbed_demo WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}",
  );
  await client.execute('CREATE TABLE IF NOT EXISTS testbed_demo.kv (k bigint PRIMARY KEY, v text)');
  const keys = Array.from({ length: rows }, (_, i) => i);
  let t = Date.now();
  await boundedEach(keys, 64, async (k) => {
    await client.execute('INSERT INTO testbed_demo.kv (k, v) VALUES (?, ?)', [k, `value-${k}`], {
      prepare: true,
    });
  });
  const wrote = Date.now() - t;
  t = Date.now();
  let mismatches = 0;
  await boundedEach(keys, 64, async (k) => {
    const rs = await client.execute('SELECT v FROM testbed_demo.kv WHERE k = ?', [k], {
      prepare: true,
    });
    if (firstValue(rs, 'v') !== `value-${k}`) mismatches++;
  });
  if (mismatches)
    throw new TestbedError(`Cassandra smoke: ${mismatches} of ${rows} rows read back wrong.`);
  return [
    `Cassandra: wrote ${rate(rows, wrote)}`,
    `Cassandra: read and verified ${rate(rows, Date.now() - t)}`,
  ];
}

async function igniteSmoke(endpoints: string[], rows: number): Promise<string[]> {
  const client = new IgniteClient();
  await client.connect(new IgniteClient.IgniteClientConfiguration(...endpoints));
  try {
    const cache = (await client.getOrCreateCache<number, string>('demo'))
      .setKeyType(IgniteClient.ObjectType.PRIMITIVE_TYPE.LONG)
      .setValueType(IgniteClient.ObjectType.PRIMITIVE_TYPE.STRING);
    const entries = Array.from(
      { length: rows },
      (_, k) => new IgniteClient.CacheEntry(k, `value-${k}`),
    );
    let t = Date.now();
    for (let i = 0; i < entries.length; i += 500) await cache.putAll(entries.slice(i, i + 500));
    const wrote = Date.now() - t;
    t = Date.now();
    const read = await cache.getAll(entries.map((e) => e.getKey()));
    const good = read.filter((e) => e.getValue() === `value-${e.getKey()}`).length;
    if (good !== rows)
      throw new TestbedError(`Ignite smoke: ${rows - good} of ${rows} entries read back wrong.`);
    return [
      `Ignite: putAll ${rate(rows, wrote)}`,
      `Ignite: getAll and verified ${rate(rows, Date.now() - t)}`,
    ];
  } finally {
    client.disconnect();
  }
}

/**
 * The main job on the embedded local default (for now a smoke run): start a local Cassandra node
 * and an Ignite node, write and read back rows through each, print what happened, stop both.
 */
export async function demo(options: DemoOptions): Promise<number> {
  const loopback = allocateLoopbackBlock();
  const dir = path.join(runDir(), 'demo');
  const started = Date.now();
  let cassandra: CassandraCluster | undefined;
  let ignite: IgniteCluster | undefined;
  try {
    [cassandra, ignite] = await Promise.all([
      CassandraCluster.start({
        dir: path.join(dir, 'cassandra'),
        loopback,
        fresh: true,
        log: progress,
      }),
      IgniteCluster.start({ dir: path.join(dir, 'ignite'), loopback, log: progress }),
    ]);
    const ready = Date.now() - started;
    const client = harnessClient(cassandra.contactPoints);
    await client.connect();
    let lines: string[];
    try {
      lines = [
        ...(await cassandraSmoke(client, options.rows)),
        ...(await igniteSmoke(ignite.clientEndpoints, options.rows)),
      ];
    } finally {
      await client.shutdown();
    }
    out();
    out(
      ok(
        `Cassandra ${cassandra.contactPoints.join(', ')} and Ignite ${ignite.clientEndpoints.join(', ')} ready in ${(ready / 1000).toFixed(1)} s`,
      ),
    );
    for (const line of lines) out(ok(line));
    out(`Logs: ${dir}`);
    return 0;
  } finally {
    progress('Stopping local services…');
    await Promise.all([cassandra?.stop(10_000), ignite?.stop(10_000)]);
    loopback.release();
  }
}
