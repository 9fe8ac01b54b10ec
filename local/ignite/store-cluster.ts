import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { $ } from 'zx';

import { TestbedError, UsageError } from '../../common/errors';
import {
  renderCacheBean,
  type CacheOptions,
  type StoreBinding,
  type TsStoreBinding,
} from '../../ignite/cache-config';
import type { SidecarCacheConfig, SidecarConfig } from '../../ignite/sidecar/config';
import { loadPersistenceXml } from '../../store';
import {
  buildBridge,
  compileOriginalPojos,
  createOriginalSchema,
  findJdk,
  IGNITE,
  IGNITE_JDK17_FLAGS,
  resolveClasspath,
  resolveOriginalStore,
  type Jdk,
} from '../../services';
import type { LoopbackBlock } from '../ports';
import { IgniteCluster } from './cluster';
import { SidecarProcess } from '../../services/ignite/sidecar-process';

/** Which store the caches persist through. */
export type StoreMode = 'ts' | 'original';

/**
 * One cache: its Ignite options and how it is persisted (as in the sidecar configuration, paths
 * relative to the working directory). `original` mode takes only `descriptor`.
 */
export interface StoreCacheSpec extends CacheOptions, SidecarCacheConfig {
  /** Bridge tuning of this cache (`ts` mode), over the cluster's {@link IgniteStoreClusterProps.bridge}. */
  readonly bridge?: Omit<TsStoreBinding, 'kind' | 'socketPath' | 'socketPathProperty'>;
}

/** Properties of {@link IgniteStoreCluster.start}. */
export interface IgniteStoreClusterProps {
  /** Directory for the nodes (`ignite/`) and sidecars (`sidecars/node<i>/`). */
  readonly dir: string;
  /** @default 'ts' */
  readonly mode?: StoreMode;
  /** The running Cassandra the caches persist to. */
  readonly cassandra: {
    readonly contactPoints: readonly string[];
    /** @default 'datacenter1' */
    readonly localDataCenter?: string;
  };
  readonly caches: readonly StoreCacheSpec[];
  /** @default 1 */
  readonly nodes?: number;
  /** @default 127.0.0.x */
  readonly loopback?: LoopbackBlock;
  /** Maximum heap per Ignite node. @default 512 */
  readonly heapMiB?: number;
  /** @default 256 */
  readonly dataRegionMiB?: number;
  /** Bridge tuning (`ts` mode). @default - the factory's defaults */
  readonly bridge?: Omit<TsStoreBinding, 'kind' | 'socketPath' | 'socketPathProperty'>;
  /** Sidecar limits (`ts` mode). @default - the sidecar's defaults */
  readonly sidecar?: Pick<
    SidecarConfig,
    | 'maxInFlightPerConnection'
    | 'drainTimeoutMs'
    | 'transactionTimeoutMs'
    | 'maxOpenTransactions'
    | 'creditTimeoutMs'
  >;
  /** @default 120 s */
  readonly startTimeoutMs?: number;
  /** Progress lines. @default - stderr */
  readonly log?: (line: string) => void;
  readonly env?: NodeJS.ProcessEnv;
}

const SOCKET_PROPERTY = 'testbed.sidecar.socket';

/** Unix socket paths are limited to 107 bytes: sockets live in a short directory of their own. */
function socketDir(dir: string): string {
  return path.join(
    tmpdir(),
    `testbed-sidecars-${createHash('sha256').update(path.resolve(dir)).digest('hex').slice(0, 10)}`,
  );
}

function validate(props: IgniteStoreClusterProps): void {
  const names = new Set<string>();
  for (const c of props.caches) {
    if (names.has(c.name)) throw new UsageError(`cache ${c.name} is configured twice`);
    names.add(c.name);
    if ((c.descriptor === undefined) === (c.settingsModule === undefined)) {
      throw new UsageError(
        `cache ${c.name}: give exactly one of descriptor (XML) and settingsModule`,
      );
    }
    if (props.mode === 'original' && !c.descriptor) {
      throw new UsageError(
        `cache ${c.name}: the original store needs an XML descriptor (settingsModule is TS-only)`,
      );
    }
  }
  if (props.caches.length === 0) throw new UsageError('no caches: give at least one');
}

/**
 * Local Ignite 2.x server nodes whose caches persist to a running Cassandra: in `ts` mode through
 * the Java bridge and a TypeScript store sidecar beside each node (one socket per node, passed to
 * the node as `-Dtestbed.sidecar.socket`), in `original` mode through the original Java
 * `ignite-cassandra-store` on the node classpath. Stopping stops the nodes first (write-behind
 * buffers flush through the sidecars), then the sidecars.
 *
 * ```ts
 * const cluster = await IgniteStoreCluster.start({
 *   dir, loopback, cassandra: { contactPoints: ['127.0.0.1:9042'] },
 *   caches: [{ name: 'people', descriptor: 'people.xml', atomicity: 'TRANSACTIONAL' }],
 * });
 * try { … thin clients on cluster.clientEndpoints … } finally { await cluster.stop(); }
 * ```
 */
export class IgniteStoreCluster {
  private constructor(
    readonly mode: StoreMode,
    readonly ignite: IgniteCluster,
    /** The sidecar of node i is `sidecars[i - 1]` (`ts` mode; empty in `original` mode). */
    readonly sidecars: readonly SidecarProcess[],
    private readonly jdk: Jdk,
    private readonly toolClasspath: string,
    private readonly sockets: string | undefined,
  ) {}

  /** Thin-client endpoints, `address:port`. */
  get clientEndpoints(): string[] {
    return this.ignite.clientEndpoints;
  }

  static async start(props: IgniteStoreClusterProps): Promise<IgniteStoreCluster> {
    validate(props);
    const mode = props.mode ?? 'ts';
    const log = props.log ?? ((line: string) => process.stderr.write(`${line}\n`));
    const env = props.env ?? process.env;
    const jdk = findJdk({ env });
    const nodes = props.nodes ?? 1;
    // The bridge jar is on every node in both modes: it also holds the LoadCacheTask.
    const [bridge, igniteLib] = await Promise.all([
      buildBridge({ jdk, log, env }),
      resolveClasspath({ pom: IGNITE.pom, name: IGNITE.name, jdk, log, env }),
    ]);
    const toolClasspath = [`${igniteLib.libDir}/*`, bridge.jar].join(path.delimiter);
    const extraClasspath = [bridge.jar];
    let sidecars: SidecarProcess[] = [];
    let sockets: string | undefined;
    let store: (i: number) => StoreBinding;
    let binaryClassNames: readonly string[] = [];
    if (mode === 'ts') {
      sockets = socketDir(props.dir);
      sidecars = Array.from({ length: nodes }, (_, i) =>
        sidecarOf(props, i + 1, sockets as string),
      );
      store = (i) => ({ kind: 'ts', ...props.bridge, ...props.caches[i]?.bridge });
      await startAll(sidecars, props.startTimeoutMs);
    } else {
      const settings = await Promise.all(
        props.caches.map(async (c) => ({
          name: c.name,
          settings: await loadPersistenceXml(c.descriptor as string, { warn: () => undefined }),
        })),
      );
      const [original, pojos] = await Promise.all([
        resolveOriginalStore({ jdk, log, env }),
        compileOriginalPojos(
          settings.map((s) => s.settings),
          { jdk, env },
        ),
        createOriginalSchema(settings, props.cassandra),
      ]);
      extraClasspath.push(`${original.libDir}/*`, ...(pojos ? [pojos.classesDir] : []));
      binaryClassNames = pojos?.classNames ?? [];
      const contactPoints = props.cassandra.contactPoints.map((p) => p.replace(/:\d+$/, ''));
      const port = Number(/:(\d+)$/.exec(props.cassandra.contactPoints[0] ?? '')?.[1] ?? 9042);
      store = (i) => ({
        kind: 'original',
        descriptorFile: path.resolve(props.caches[i]?.descriptor as string),
        contactPoints,
        port,
      });
    }
    let ignite: IgniteCluster;
    try {
      ignite = await IgniteCluster.start({
        dir: path.join(props.dir, 'ignite'),
        nodes,
        ...(props.loopback ? { loopback: props.loopback } : {}),
        ...(props.heapMiB ? { heapMiB: props.heapMiB } : {}),
        ...(props.dataRegionMiB ? { dataRegionMiB: props.dataRegionMiB } : {}),
        cacheBeans: props.caches.map((c, i) => renderCacheBean(c, store(i))),
        extraClasspath,
        ...(binaryClassNames.length ? { binaryClassNames } : {}),
        extraJvmArgs: (i) => (sockets ? [`-D${SOCKET_PROPERTY}=${socketPath(sockets, i)}`] : []),
        // LoadCacheTask runs as a thin-client compute task; store errors reach clients with causes.
        thinClient: { maxActiveComputeTasksPerConnection: 4, sendServerStackTraces: true },
        ...(props.startTimeoutMs ? { startTimeoutMs: props.startTimeoutMs } : {}),
        log,
        env,
      });
    } catch (error) {
      await Promise.all(sidecars.map((s) => s.stop(5_000)));
      if (sockets) rmSync(sockets, { recursive: true, force: true });
      throw error;
    }
    return new IgniteStoreCluster(mode, ignite, sidecars, jdk, toolClasspath, sockets);
  }

  /** The sidecar of node `index` (1-based; `ts` mode). */
  sidecar(index: number): SidecarProcess {
    const s = this.sidecars[index - 1];
    if (!s)
      throw new UsageError(
        `there is no sidecar ${index} (mode ${this.mode}, ${this.sidecars.length} sidecars)`,
      );
    return s;
  }

  /**
   * Restarts every Ignite node (graceful stop, then all start together): the in-memory caches come
   * back empty, so reads go through to the store. Sidecars keep running.
   */
  async restartIgnite(timeoutMs = 120_000): Promise<void> {
    for (const n of this.ignite.nodes) await n.stop(30_000);
    await Promise.all(this.ignite.nodes.map((n) => n.start({ timeoutMs })));
  }

  /**
   * Runs `IgniteCache.loadCache` (all rows, or the given CQL SELECTs) through the bridge's
   * LoadCacheTask and a Java thin client; returns the cache size afterwards.
   */
  async loadCache(
    cache: string,
    queries: readonly string[] = [],
    timeoutMs = 300_000,
  ): Promise<number> {
    const result = await $({
      nothrow: true,
      quiet: true,
      timeout: timeoutMs,
    })`${this.jdk.java} ${IGNITE_JDK17_FLAGS} -cp ${this.toolClasspath} io.github.ignitecassandratestbed.bridge.LoadCacheTool ${this.clientEndpoints.join(',')} ${cache} ${queries}`;
    const size = /loaded .* size=(\d+)/.exec(result.stdout)?.[1];
    if (result.exitCode !== 0 || size === undefined) {
      throw new TestbedError(
        `loadCache of ${cache} failed (exit code ${String(result.exitCode)}): ${result.stderr.trim() || result.stdout.trim()}`,
      );
    }
    return Number(size);
  }

  /**
   * The command that runs a Java tool of the bridge (a main class of its jar) with the nodes' JDK
   * and classpath, for benchmarks.
   */
  javaTool(mainClass: string, args: readonly string[]): { command: string; args: string[] } {
    return {
      command: this.jdk.java,
      args: [...IGNITE_JDK17_FLAGS, '-cp', this.toolClasspath, mainClass, ...args],
    };
  }

  /** The Unix socket of node `node`'s sidecar (`ts` mode; nodes count from 1). */
  sidecarSocket(node = 1): string {
    if (!this.sockets) throw new UsageError('the original store has no sidecar');
    return socketPath(this.sockets, node);
  }

  /** Stops the Ignite nodes (flushing write-behind buffers through the sidecars), then the sidecars. */
  async stop(graceMs = 30_000): Promise<void> {
    try {
      await this.ignite.stop(graceMs);
    } finally {
      await Promise.all(this.sidecars.map((s) => s.stop(graceMs)));
      if (this.sockets) rmSync(this.sockets, { recursive: true, force: true });
    }
  }
}

function socketPath(dir: string, node: number): string {
  return path.join(dir, `node${node}.sock`);
}

function sidecarOf(props: IgniteStoreClusterProps, node: number, sockets: string): SidecarProcess {
  const caches: Record<string, SidecarCacheConfig> = {};
  for (const c of props.caches) {
    const resolve = (file: string | undefined) => (file ? path.resolve(file) : undefined);
    const persistence: SidecarCacheConfig = {
      descriptor: resolve(c.descriptor),
      settingsModule: resolve(c.settingsModule),
      settingsExport: c.settingsExport,
      classesModule: resolve(c.classesModule),
      classesExport: c.classesExport,
      keyType: c.keyType,
      valueType: c.valueType,
      schema: c.schema,
      maxInFlight: c.maxInFlight,
      bulkGrouping: c.bulkGrouping,
      maxPartitionsPerRequest: c.maxPartitionsPerRequest,
    };
    // Only the keys that are set (the sidecar validates every key it gets).
    caches[c.name] = Object.fromEntries(
      Object.entries(persistence).filter(([, v]) => v !== undefined),
    );
  }
  return new SidecarProcess({
    name: `sidecar of ignite node ${node}`,
    dir: path.join(props.dir, 'sidecars', `node${node}`),
    config: {
      socket: socketPath(sockets, node),
      name: `sidecar-${node}`,
      cassandra: {
        contactPoints: props.cassandra.contactPoints,
        ...(props.cassandra.localDataCenter
          ? { localDataCenter: props.cassandra.localDataCenter }
          : {}),
      },
      caches,
      ...props.sidecar,
    },
  });
}

async function startAll(
  sidecars: readonly SidecarProcess[],
  timeoutMs: number | undefined,
): Promise<void> {
  const results = await Promise.allSettled(
    sidecars.map((s) => s.start(timeoutMs ? { timeoutMs } : {})),
  );
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await Promise.all(sidecars.map((s) => s.stop(5_000)));
    throw failed.reason;
  }
}
