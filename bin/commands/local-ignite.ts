import path from 'node:path';

import { IgniteCluster, cliLoopbackBlock, runDir } from '../../local';
import { fail, ok, out, progress } from '../cli-output';
import { EXIT } from '../exit-codes';

/** Options of `testbed local ignite start|stop|status`. */
export interface LocalIgniteOptions {
  readonly nodes: number;
  readonly heapMiB?: number;
  readonly json?: boolean;
}

export function cliIgniteDir(): string {
  return path.join(runDir(), 'local', 'ignite');
}

export async function startLocalIgnite(options: LocalIgniteOptions): Promise<number> {
  const existing = await IgniteCluster.attach(cliIgniteDir());
  const running = existing?.status().filter((s) => s.running) ?? [];
  if (existing && running.length > 0) {
    if (running.length === options.nodes && existing.nodes.length === options.nodes) {
      out(`Ignite is already running: ${existing.clientEndpoints.join(', ')}`);
      return EXIT.ok;
    }
    out(
      fail(
        `A ${existing.nodes.length}-node Ignite cluster is running; stop it first: testbed local ignite stop`,
      ),
    );
    return EXIT.conflict;
  }
  const cluster = await IgniteCluster.start({
    dir: cliIgniteDir(),
    nodes: options.nodes,
    loopback: cliLoopbackBlock(),
    ...(options.heapMiB ? { heapMiB: options.heapMiB } : {}),
    log: progress,
  });
  cluster.release();
  out(`Ignite running; thin-client endpoints: ${cluster.clientEndpoints.join(', ')}`);
  out(`Logs: ${cliIgniteDir()}/node*/logs/stdout.log`);
  return 0;
}

export async function stopLocalIgnite(): Promise<number> {
  const cluster = await IgniteCluster.attach(cliIgniteDir());
  if (!cluster || cluster.status().every((s) => !s.running)) {
    out('Ignite is not running.');
    return 0;
  }
  progress(`Stopping ${cluster.nodes.length} Ignite node(s)…`);
  await cluster.stop();
  out('Ignite stopped.');
  return 0;
}

export async function statusLocalIgnite(
  options: Pick<LocalIgniteOptions, 'json'>,
): Promise<number> {
  const cluster = await IgniteCluster.attach(cliIgniteDir());
  const nodes = cluster?.status() ?? [];
  const topology = cluster?.nodes.filter((n) => n.isRunning()).map((n) => n.currentServers()) ?? [];
  const healthy =
    nodes.length > 0 && nodes.every((n) => n.running) && topology.every((t) => t === nodes.length);
  if (options.json) {
    out(
      JSON.stringify({ running: nodes.some((n) => n.running), healthy, nodes, topology }, null, 2),
    );
  } else if (!cluster) {
    out('Ignite is not running (never started here).');
  } else {
    cluster.nodes.forEach((n, i) => {
      const s = nodes[i];
      out(
        s?.running
          ? ok(`${n.name}: running, pid ${s.pid}, sees ${n.currentServers()} server(s)`)
          : fail(`${n.name}: not running`),
      );
    });
  }
  return healthy ? 0 : 1;
}
