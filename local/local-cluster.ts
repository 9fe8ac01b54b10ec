import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { UsageError } from '../common/errors';
import type { JvmNode, JvmNodeSpec } from './jvm-node';
import type { LoopbackBlock } from './ports';

/** What a cluster's state file (`cluster.json`) holds: enough to re-attach and restart. */
export interface ClusterState<S extends JvmNodeSpec> {
  readonly version: 1;
  /** Version of the service the nodes run (the pinned pom's). */
  readonly serviceVersion: string;
  readonly nodes: readonly (S & { readonly pid?: number })[];
}

/** Per-node status for `testbed local … status`. */
export interface NodeStatus {
  readonly index: number;
  readonly name: string;
  readonly pid: number | undefined;
  readonly running: boolean;
}

/** Validates a node count from the command line or a configuration file. */
export function validateNodeCount(service: string, nodes: number, max: number): number {
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > max) {
    throw new UsageError(
      `The number of ${service} nodes must be an integer from 1 to ${max}, got ${String(nodes)}.`,
    );
  }
  return nodes;
}

/** Reads a cluster's state file; undefined when there is none. */
export function readClusterState<S extends JvmNodeSpec>(dir: string): ClusterState<S> | undefined {
  const file = path.join(dir, 'cluster.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ClusterState<S>) : undefined;
}

/**
 * Keeps the data an earlier cluster left in `dir` when its layout matches (same nodes, same
 * addresses); otherwise, or when `fresh`, starts from an empty directory.
 */
export function prepareClusterDir<S extends JvmNodeSpec>(
  dir: string,
  specs: readonly S[],
  options: { fresh: boolean; sameNode: (a: S, b: S) => boolean; log: (line: string) => void },
): void {
  const old = readClusterState<S>(dir);
  if (old && !options.fresh) {
    if (
      old.nodes.length === specs.length &&
      old.nodes.every((n, i) => specs[i] && options.sameNode(n, specs[i]))
    )
      return;
    options.log(
      `Discarding the data of the earlier ${old.nodes.length}-node cluster in ${dir} (different layout).`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
}

/**
 * The node-set life cycle shared by local Cassandra and Ignite clusters: start all nodes together
 * (stopping every started node again if one fails), hand them over to outlive this process, stop
 * them, and keep the state file that lets a later process re-attach.
 */
export abstract class LocalCluster<S extends JvmNodeSpec, N extends JvmNode<S>> {
  protected constructor(
    readonly dir: string,
    readonly nodes: readonly N[],
    protected readonly serviceVersion: string,
    protected readonly loopback: LoopbackBlock | undefined,
    protected readonly log: (line: string) => void,
  ) {}

  /** Node `index` (1-based). */
  node(index: number): N {
    const node = this.nodes[index - 1];
    if (!node)
      throw new UsageError(`There is no node ${index}; the cluster has ${this.nodes.length}.`);
    return node;
  }

  /** Starts every node concurrently; if any fails, all are stopped and its error is thrown. */
  protected async startNodes(timeoutMs: number): Promise<void> {
    const results = await Promise.allSettled(this.nodes.map((n) => n.start({ timeoutMs })));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      await this.stop(5_000);
      throw failed.reason;
    }
  }

  /** Lets the nodes outlive this process (the CLI's `start`). */
  release(): void {
    for (const n of this.nodes) n.release();
    this.writeState();
  }

  /** Stops every node (graceful, bounded) and gives the loopback block back. */
  async stop(graceMs = 30_000): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.stop(graceMs)));
    this.loopback?.release();
    if (existsSync(this.dir)) this.writeState();
  }

  /** kill -9 of one node (fault tests). */
  async killNode(index: number): Promise<void> {
    await this.node(index).kill();
    this.writeState();
  }

  /** Graceful stop of one node. */
  async stopNode(index: number, graceMs = 30_000): Promise<void> {
    await this.node(index).stop(graceMs);
    this.writeState();
  }

  /** Which node processes are running. */
  status(): NodeStatus[] {
    return this.nodes.map((n) => ({
      index: n.spec.index,
      name: n.name,
      pid: n.pid,
      running: n.isRunning(),
    }));
  }

  protected writeState(): void {
    const state: ClusterState<S> = {
      version: 1,
      serviceVersion: this.serviceVersion,
      nodes: this.nodes.map((n) => ({ ...n.spec, ...(n.pid !== undefined ? { pid: n.pid } : {}) })),
    };
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(path.join(this.dir, 'cluster.json'), `${JSON.stringify(state, null, 2)}\n`);
  }
}

/** Re-attaches each node of a state file to its running JVM, where there still is one. */
export function attachNodes<S extends JvmNodeSpec, N extends JvmNode<S>>(
  state: ClusterState<S>,
  make: (spec: S) => N,
): N[] {
  return state.nodes.map(({ pid, ...spec }) => {
    const node = make(spec as unknown as S);
    if (pid !== undefined) node.attach(pid);
    return node;
  });
}

/** Progress lines of the local services when the caller gives no logger. */
export const stderrLog = (line: string): void => {
  process.stderr.write(`${line}\n`);
};
