import path from 'node:path';

import { waitFor } from '../../common/wait';
import type { IgniteNodeConfig, ThinClientOptions } from '../../ignite/spring-config';
import { IGNITE, IGNITE_VERSION, jvmRuntime } from '../../services';
import {
  attachNodes,
  LocalCluster,
  prepareClusterDir,
  readClusterState,
  stderrLog,
  validateNodeCount,
} from '../local-cluster';
import { DEFAULT_BLOCK, type LoopbackBlock } from '../ports';
import { IgniteNode, type IgniteNodeSpec } from './node';

export { IGNITE_VERSION } from '../../services';
export const MAX_IGNITE_NODES = 9;

/** Properties of {@link IgniteCluster.start}. */
export interface IgniteClusterProps {
  /** Directory of the cluster: `node<i>/` per node and the state file `cluster.json`. */
  readonly dir: string;
  /** @default 1 */
  readonly nodes?: number;
  /** Node i listens on `loopback.address(i)`. @default 127.0.0.1 … 127.0.0.N */
  readonly loopback?: LoopbackBlock;
  /** @default 10800 */
  readonly clientPort?: number;
  /** Maximum heap per node. @default 512 */
  readonly heapMiB?: number;
  /** Off-heap default data region per node. @default 256 */
  readonly dataRegionMiB?: number;
  /** Cache `<bean>` elements for every node (`ignite/cache-config.ts`). @default - none */
  readonly cacheBeans?: readonly string[];
  /** @default - Ignite's thin-client defaults */
  readonly thinClient?: ThinClientOptions;
  /** User classes registered with the binary marshaller (on `extraClasspath`). @default - none */
  readonly binaryClassNames?: readonly string[];
  /** Extra classpath entries for every node. @default - none */
  readonly extraClasspath?: readonly string[];
  /** Per-node extra JVM arguments (node index → args). @default - none */
  readonly extraJvmArgs?: (index: number) => readonly string[];
  /** @default 120 s */
  readonly startTimeoutMs?: number;
  /** Progress lines. @default - stderr */
  readonly log?: (line: string) => void;
  readonly env?: NodeJS.ProcessEnv;
}

function igniteRuntime(variables: NodeJS.ProcessEnv, log: (line: string) => void) {
  return jvmRuntime(IGNITE, { variables, log });
}

/**
 * Local Apache Ignite 2.x server nodes on loopback aliases with static discovery; ready when each
 * node's thin-client port accepts and every node sees the whole server topology.
 */
export class IgniteCluster extends LocalCluster<IgniteNodeSpec, IgniteNode> {
  /** Thin-client endpoints, `address:port`. */
  get clientEndpoints(): string[] {
    return this.nodes.map((n) => n.clientEndpoint);
  }

  static async start(props: IgniteClusterProps): Promise<IgniteCluster> {
    const count = validateNodeCount('Ignite', props.nodes ?? 1, MAX_IGNITE_NODES);
    const log = props.log ?? stderrLog;
    const variables = props.env ?? process.env;
    const runtime = await igniteRuntime(variables, log);
    const loopback = props.loopback ?? DEFAULT_BLOCK;
    const addresses = Array.from({ length: count }, (_, i) => loopback.address(i + 1));
    const specs: IgniteNodeSpec[] = addresses.map((address, i) => {
      const dir = path.join(props.dir, `node${i + 1}`);
      const config: IgniteNodeConfig = {
        instanceName: `testbed-ignite-${i + 1}`,
        localAddress: address,
        discoveryAddresses: addresses.map((a) => `${a}:47500`),
        clientPort: props.clientPort ?? 10800,
        workDirectory: path.join(dir, 'work'),
        dataRegionMiB: props.dataRegionMiB ?? 256,
        ...(props.cacheBeans ? { cacheBeans: props.cacheBeans } : {}),
        ...(props.thinClient ? { thinClient: props.thinClient } : {}),
        ...(props.binaryClassNames ? { binaryClassNames: props.binaryClassNames } : {}),
      };
      return {
        index: i + 1,
        address,
        dir,
        heapMiB: props.heapMiB ?? 512,
        config,
        expectedServers: count,
        ...(props.extraClasspath ? { extraClasspath: props.extraClasspath } : {}),
        ...(props.extraJvmArgs ? { extraJvmArgs: props.extraJvmArgs(i + 1) } : {}),
      };
    });
    // Ignite nodes are in-memory here: nothing worth keeping between starts.
    prepareClusterDir(props.dir, specs, { fresh: true, sameNode: () => false, log });
    const cluster = new IgniteCluster(
      props.dir,
      specs.map((s) => new IgniteNode(s, runtime, variables, log)),
      IGNITE_VERSION,
      loopback,
      log,
    );
    const started = Date.now();
    log(`Starting Ignite ${IGNITE_VERSION} on ${addresses.join(', ')} (logs in ${props.dir})…`);
    await cluster.startNodes(props.startTimeoutMs ?? 120_000);
    cluster.writeState();
    log(
      `Ignite is ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${cluster.clientEndpoints.join(', ')}`,
    );
    return cluster;
  }

  /** Re-attaches to nodes another process started (the state file in `dir`). */
  static async attach(dir: string, env?: NodeJS.ProcessEnv): Promise<IgniteCluster | undefined> {
    const state = readClusterState<IgniteNodeSpec>(dir);
    if (!state) return undefined;
    const variables = env ?? process.env;
    const runtime = await igniteRuntime(variables, stderrLog);
    const nodes = attachNodes(state, (spec) => new IgniteNode(spec, runtime, variables, stderrLog));
    return new IgniteCluster(dir, nodes, state.serviceVersion, undefined, stderrLog);
  }

  /** Starts a stopped node again and waits until every node sees the full topology. */
  async restartNode(index: number, timeoutMs = 120_000): Promise<void> {
    await this.node(index).start({ timeoutMs });
    this.writeState();
    await waitFor(() => this.nodes.every((n) => n.currentServers() === this.nodes.length), {
      description: `every Ignite node to see ${this.nodes.length} servers`,
      timeoutMs,
    });
  }
}
