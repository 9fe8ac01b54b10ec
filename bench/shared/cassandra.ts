/**
 * What the benchmarks share: medians, and the Cassandra they measure against (the CLI's running
 * one, given contact points, or a node of its own that it stops at the end).
 */
import path from 'node:path';

import { allocateLoopbackBlock, CassandraCluster, runDir } from '../../local';

/** The median; NaN for no samples. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2;
}

/** A Cassandra for a benchmark; `stop` stops it only if the benchmark started it. */
export interface BenchCassandra {
  readonly contactPoints: string[];
  stop(): Promise<void>;
}

/**
 * `contactPoints` when given; else the CLI's Cassandra (`testbed local cassandra start`) when all
 * its nodes run; else a fresh node on a loopback block of its own, in `.run/bench/<name>-cassandra`.
 */
export async function benchCassandra(
  name: string,
  contactPoints?: readonly string[],
): Promise<BenchCassandra> {
  const none = () => Promise.resolve();
  if (contactPoints?.length) return { contactPoints: [...contactPoints], stop: none };
  const cli = await CassandraCluster.attach(path.join(runDir(), 'local', 'cassandra')).catch(
    () => undefined,
  );
  if (cli?.status().every((n) => n.running)) {
    process.stderr.write(`Using the running local Cassandra at ${cli.contactPoints.join(', ')}\n`);
    return { contactPoints: cli.contactPoints, stop: none };
  }
  const loopback = allocateLoopbackBlock();
  process.stderr.write('Starting a local Cassandra node for the benchmark…\n');
  try {
    const cluster = await CassandraCluster.start({
      dir: path.join(runDir(), 'bench', `${name}-cassandra`),
      loopback,
      fresh: true,
      log: () => undefined,
    });
    return {
      contactPoints: cluster.contactPoints,
      stop: async () => {
        try {
          await cluster.stop(10_000);
        } finally {
          loopback.release();
        }
      },
    };
  } catch (error) {
    loopback.release();
    throw error;
  }
}
