/**
 * Cassandra's figures from its virtual tables over CQL (Cassandra 4+; no JMX agent needed), one
 * collector per node talking to that node only: request rates and p99 latencies of the node as
 * coordinator, summed/maxed over the tables, and pending compactions.
 */
import type { Client } from 'cassandra-driver';

import { CASSANDRA_METRICS } from '../catalog';
import type { GmetricValue } from '../gmetric/sender';

interface LatencyRow {
  readonly count: number;
  readonly p99: number;
}

function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v !== null && typeof v === 'object' && 'toNumber' in v)
    return (v as { toNumber(): number }).toNumber();
  return Number(v);
}

async function latency(client: Client, table: string): Promise<LatencyRow> {
  const rs = await client.execute(`SELECT count, p99th_ms FROM system_views.${table}`);
  let count = 0;
  let p99 = 0;
  for (const row of rs.rows) {
    count += num(row.get('count'));
    p99 = Math.max(p99, num(row.get('p99th_ms')));
  }
  return { count, p99 };
}

/**
 * A poll function for one node. `client` must talk to that node only (a whitelist load-balancing
 * policy on its address), since virtual tables are local to the node that answers.
 */
export function cassandraPoll(client: Client): () => Promise<GmetricValue[]> {
  let last: { atMs: number; reads: number; writes: number } | undefined;
  return async () => {
    const [reads, writes, pools] = await Promise.all([
      latency(client, 'coordinator_read_latency'),
      latency(client, 'coordinator_write_latency'),
      client.execute(
        "SELECT name, pending_tasks FROM system_views.thread_pools WHERE name = 'CompactionExecutor'",
      ),
    ]);
    const now = Date.now();
    const seconds = last ? Math.max((now - last.atMs) / 1000, 0.001) : 0;
    const rate = (n: number, prev: number | undefined): number =>
      prev === undefined || seconds === 0 ? 0 : Math.max(n - prev, 0) / seconds;
    const metrics: GmetricValue[] = [
      {
        name: CASSANDRA_METRICS.readRate,
        value: rate(reads.count, last?.reads),
        type: 'float',
        units: 'reads/s',
        group: 'cassandra',
      },
      {
        name: CASSANDRA_METRICS.writeRate,
        value: rate(writes.count, last?.writes),
        type: 'float',
        units: 'writes/s',
        group: 'cassandra',
      },
      {
        name: CASSANDRA_METRICS.readLatencyP99,
        value: reads.p99,
        type: 'float',
        units: 'ms',
        group: 'cassandra',
      },
      {
        name: CASSANDRA_METRICS.writeLatencyP99,
        value: writes.p99,
        type: 'float',
        units: 'ms',
        group: 'cassandra',
      },
      {
        name: CASSANDRA_METRICS.pendingCompactions,
        value: pools.rows.reduce((a, r) => a + num(r.get('pending_tasks')), 0),
        type: 'uint32',
        units: 'tasks',
        group: 'cassandra',
      },
    ];
    last = { atMs: now, reads: reads.count, writes: writes.count };
    return metrics;
  };
}
