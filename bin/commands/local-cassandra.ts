import path from 'node:path';

import { CassandraCluster, cliLoopbackBlock, runDir } from '../../local';
import { fail, ok, out, progress } from '../cli-output';
import { EXIT } from '../exit-codes';

/** Options of `testbed local cassandra start|stop|status`. */
export interface LocalCassandraOptions {
  readonly nodes: number;
  readonly fresh?: boolean;
  readonly heapMiB?: number;
  readonly json?: boolean;
}

/** Where the CLI keeps its own cluster (127.0.0.1 … with the standard ports). */
export function cliCassandraDir(): string {
  return path.join(runDir(), 'local', 'cassandra');
}

/** Starts a cluster that keeps running after the command returns. */
export async function startLocalCassandra(options: LocalCassandraOptions): Promise<number> {
  const existing = await CassandraCluster.attach(cliCassandraDir());
  const running = existing?.status().filter((s) => s.running) ?? [];
  if (existing && running.length > 0) {
    if (running.length === options.nodes && existing.nodes.length === options.nodes) {
      out(`Cassandra is already running: ${existing.contactPoints.join(', ')}`);
      return EXIT.ok;
    }
    out(
      fail(
        `A ${existing.nodes.length}-node Cassandra cluster is running; stop it first: testbed local cassandra stop`,
      ),
    );
    return EXIT.conflict;
  }
  const cluster = await CassandraCluster.start({
    dir: cliCassandraDir(),
    nodes: options.nodes,
    loopback: cliLoopbackBlock(),
    fresh: options.fresh ?? false,
    ...(options.heapMiB ? { heapMiB: options.heapMiB } : {}),
    log: progress,
  });
  cluster.release();
  out(`Cassandra running: ${cluster.contactPoints.join(', ')} (local datacenter: datacenter1)`);
  out(`Logs: ${cliCassandraDir()}/node*/logs/system.log`);
  return 0;
}

export async function stopLocalCassandra(): Promise<number> {
  const cluster = await CassandraCluster.attach(cliCassandraDir());
  if (!cluster || cluster.status().every((s) => !s.running)) {
    out('Cassandra is not running.');
    return 0;
  }
  progress(`Stopping ${cluster.nodes.length} Cassandra node(s)…`);
  await cluster.stop();
  out('Cassandra stopped.');
  return 0;
}

/** Prints each node's process state and, when any runs, how every node sees the ring. Exit 1 unless all is well. */
export async function statusLocalCassandra(
  options: Pick<LocalCassandraOptions, 'json'>,
): Promise<number> {
  const cluster = await CassandraCluster.attach(cliCassandraDir());
  if (!cluster) {
    out(
      options.json
        ? JSON.stringify({ running: false, nodes: [] })
        : 'Cassandra is not running (never started here).',
    );
    return 1;
  }
  const nodes = cluster.status();
  const anyRunning = nodes.some((n) => n.running);
  const ring = anyRunning ? await cluster.ringView() : undefined;
  const healthy = nodes.every((n) => n.running) && ring?.problems.length === 0;
  if (options.json) {
    out(
      JSON.stringify(
        { running: anyRunning, healthy, nodes, ringProblems: ring?.problems ?? [] },
        null,
        2,
      ),
    );
  } else {
    for (const n of nodes)
      out(n.running ? ok(`${n.name}: running, pid ${n.pid}`) : fail(`${n.name}: not running`));
    if (ring)
      out(
        ring.problems.length
          ? fail(`ring: ${ring.problems.join('; ')}`)
          : ok('ring: every node sees every node Up/Normal'),
      );
  }
  return healthy ? 0 : 1;
}
