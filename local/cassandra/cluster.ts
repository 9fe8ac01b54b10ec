import path from 'node:path';

import { TestbedError } from '../../common/errors';
import {
  balancedTokens,
  CASSANDRA,
  CASSANDRA_VERSION,
  harnessClient,
  jvmRuntime,
  ringProblems,
  sampleRing,
  waitForRing,
  type NodeSecurity,
  type RingView,
} from '../../services';
import {
  attachNodes,
  LocalCluster,
  prepareClusterDir,
  readClusterState,
  stderrLog,
  validateNodeCount,
} from '../local-cluster';
import { DEFAULT_BLOCK, type LoopbackBlock } from '../ports';
import { CassandraNode, type CassandraNodeSpec } from './node';

export { CASSANDRA_VERSION } from '../../services';

/** The largest local cluster: each node takes ~0.7–1.5 GB of RAM. */
export const MAX_CASSANDRA_NODES = 9;

/** Properties of {@link CassandraCluster.start}. */
export interface CassandraClusterProps {
  /** Directory of the cluster: `node<i>/` per node and the state file `cluster.json`. */
  readonly dir: string;
  /** @default 1 */
  readonly nodes?: number;
  /** Where the nodes listen: node i on `loopback.address(i)`. @default 127.0.0.1 … 127.0.0.N */
  readonly loopback?: LoopbackBlock;
  /** @default 'testbed' */
  readonly clusterName?: string;
  /** @default 9042 */
  readonly nativePort?: number;
  /** @default 7000 */
  readonly storagePort?: number;
  /** Maximum heap per node; 1 GiB keeps three nodes plus two Ignite nodes well inside 24 GB. @default 1024 */
  readonly heapMiB?: number;
  /** Start-up bound per node and for the ring to form. @default 180 s */
  readonly startTimeoutMs?: number;
  /** Wipe data an earlier cluster left in `dir`. @default false - the data of a cluster with the same layout is kept */
  readonly fresh?: boolean;
  /** Progress lines. @default - stderr */
  readonly log?: (line: string) => void;
  readonly env?: NodeJS.ProcessEnv;
  /** PasswordAuthenticator and/or client TLS (for tests of secured clients). @default - neither */
  readonly security?: NodeSecurity;
}

function cassandraRuntime(variables: NodeJS.ProcessEnv, log: (line: string) => void) {
  return jvmRuntime(CASSANDRA, { variables, log });
}

/**
 * A local Cassandra 5.0 cluster on loopback aliases (127.0.0.1, 127.0.0.2, …, as ccm does): one JVM
 * per node, balanced single tokens, every node a seed. Started nodes belong to this process
 * (stopped on exit or Ctrl-C) until {@link LocalCluster.release} hands them over to outlive it.
 */
export class CassandraCluster extends LocalCluster<CassandraNodeSpec, CassandraNode> {
  /** CQL endpoints of all nodes, `address:port`. */
  get contactPoints(): string[] {
    return this.nodes.map((n) => n.contactPoint);
  }

  /**
   * Starts the nodes together (all are seeds with tokens assigned, so none has to bootstrap) and
   * returns once every node answers CQL and sees every other node Up/Normal. On failure every
   * node started is stopped again.
   */
  static async start(props: CassandraClusterProps): Promise<CassandraCluster> {
    const count = validateNodeCount('Cassandra', props.nodes ?? 1, MAX_CASSANDRA_NODES);
    const log = props.log ?? stderrLog;
    const timeoutMs = props.startTimeoutMs ?? 180_000;
    const variables = props.env ?? process.env;
    const runtime = await cassandraRuntime(variables, log);
    const loopback = props.loopback ?? DEFAULT_BLOCK;
    const addresses = Array.from({ length: count }, (_, i) => loopback.address(i + 1));
    const tokens = balancedTokens(count);
    const specs: CassandraNodeSpec[] = addresses.map((address, i) => ({
      index: i + 1,
      address,
      clusterName: props.clusterName ?? 'testbed',
      nativePort: props.nativePort ?? 9042,
      storagePort: props.storagePort ?? 7000,
      seeds: addresses,
      initialToken: tokens[i] ?? '0',
      dir: path.join(props.dir, `node${i + 1}`),
      heapMiB: props.heapMiB ?? 1024,
      ...(props.security ? { security: props.security } : {}),
    }));
    prepareClusterDir(props.dir, specs, {
      fresh: props.fresh ?? false,
      sameNode: (a, b) =>
        a.address === b.address &&
        a.initialToken === b.initialToken &&
        a.clusterName === b.clusterName,
      log,
    });
    const cluster = new CassandraCluster(
      props.dir,
      specs.map((s) => new CassandraNode(s, runtime, variables, log)),
      CASSANDRA_VERSION,
      loopback,
      log,
    );
    const started = Date.now();
    log(
      `Starting Cassandra ${CASSANDRA_VERSION} on ${addresses.join(', ')} (logs in ${props.dir})…`,
    );
    await cluster.startNodes(timeoutMs);
    try {
      if (count > 1) await cluster.waitForRing(timeoutMs);
    } catch (error) {
      await cluster.stop(5_000);
      throw error;
    }
    cluster.writeState();
    log(
      `Cassandra is ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${cluster.contactPoints.join(', ')}`,
    );
    return cluster;
  }

  /** Re-attaches to a cluster another process started (its state file in `dir`). */
  static async attach(dir: string, env?: NodeJS.ProcessEnv): Promise<CassandraCluster | undefined> {
    const state = readClusterState<CassandraNodeSpec>(dir);
    if (!state) return undefined;
    const variables = env ?? process.env;
    const runtime = await cassandraRuntime(variables, stderrLog);
    const nodes = attachNodes(
      state,
      (spec) => new CassandraNode(spec, runtime, variables, stderrLog),
    );
    return new CassandraCluster(dir, nodes, state.serviceVersion, undefined, stderrLog);
  }

  /** Starts a stopped or killed node again on its data and waits until the ring is whole again. */
  async restartNode(index: number, timeoutMs = 180_000): Promise<void> {
    const node = this.node(index);
    const started = Date.now();
    await node.start({ timeoutMs });
    this.writeState();
    await this.waitForRing(Math.max(10_000, timeoutMs - (Date.now() - started)));
    this.log(`${node.name} rejoined in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }

  /** Waits until every node sees every node Up/Normal. */
  async waitForRing(timeoutMs = 120_000): Promise<void> {
    await this.withClient((client) =>
      waitForRing(
        client,
        this.nodes.map((n) => n.spec.address),
        this.contactPoints,
        timeoutMs,
      ),
    );
  }

  /** How every running node sees every node right now, and what is not Up/Normal. */
  async ringView(): Promise<{ view: RingView; problems: string[] }> {
    return this.withClient(async (client) => {
      const view = await sampleRing(client, this.contactPoints);
      return {
        view,
        problems: ringProblems(
          view,
          this.nodes.map((n) => n.spec.address),
          this.contactPoints,
        ),
      };
    });
  }

  private async withClient<T>(
    fn: (client: ReturnType<typeof harnessClient>) => Promise<T>,
  ): Promise<T> {
    const running = this.nodes.filter((n) => n.isRunning());
    if (running.length === 0) throw new TestbedError('No Cassandra node is running.');
    const client = harnessClient(
      running.map((n) => n.contactPoint),
      running[0]?.spec.security,
    );
    try {
      await client.connect();
      return await fn(client);
    } finally {
      await client.shutdown();
    }
  }
}
