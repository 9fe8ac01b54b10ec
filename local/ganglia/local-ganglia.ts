/**
 * Ganglia on this machine, in the foreground, on loopback: a collector gmond per cluster, gmetad
 * and an Apache of ours serving ganglia-web (the Ganglia node of a local bed), and a node gmond per
 * bed node, each on its own loopback address with its stable host name. Every process is owned
 * (stopped on exit, Ctrl-C, or when this process dies) and every start waits, bounded, until the
 * daemon answers.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { waitFor } from '../../common/wait';
import {
  DEFAULT_COLLECTOR_PORTS,
  GANGLIA_CLUSTERS,
  hostName,
  readGanglia,
  renderCollectorGmondConf,
  renderGangliaWebConf,
  renderGmetadConf,
  renderHttpdConf,
  renderNodeGmondConf,
  requireGangliaPackages,
  applyPhp8Fixes,
  DEBIAN_CONF_HOOK,
  instanceFiles,
  PHP8_SHIM,
  withConfHook,
  writeViews,
  type GangliaCluster,
  type GangliaEndpoints,
  type GangliaNode,
} from '../../monitoring';
import { isPortFree } from '../ports';
import { ServiceProcess } from '../../services/process';

/** Properties of {@link LocalGanglia.start}. */
export interface LocalGangliaProps {
  /** Configs, RRDs, logs. */
  readonly dir: string;
  /** The Ganglia node's loopback address (collectors and Apache bind here). */
  readonly address: string;
  /** The bed's name (gmetad's grid). @default 'testbed' */
  readonly gridName?: string;
  /** Seconds between gmetad polls (the RRD step). @default 5 */
  readonly pollSec?: number;
  /** @default 8080 */
  readonly webPort?: number;
  /** gmetad listens on all addresses: the first free pair from here. @default 18651 */
  readonly gmetadPortBase?: number;
  /** @default 30000 */
  readonly startTimeoutMs?: number;
}

const gmond = '/usr/sbin/gmond';

/** The uid/gid of Apache's user, when we are root (Apache then drops to it). */
function apacheOwner(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'www-data'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'www-data'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

async function freePortPair(base: number): Promise<number> {
  for (let p = base; p < base + 200; p += 2) {
    if ((await isPortFree('0.0.0.0', p)) && (await isPortFree('0.0.0.0', p + 1))) return p;
  }
  throw new Error(`no two free ports for gmetad from ${base} to ${base + 200}`);
}

/** The Ganglia node of a local bed. */
export class LocalGanglia {
  private readonly nodes = new Map<string, ServiceProcess>();

  private constructor(
    readonly props: LocalGangliaProps,
    readonly endpoints: Required<
      Pick<GangliaEndpoints, 'address' | 'gmetadXmlPort' | 'gmetadInteractivePort' | 'webPort'>
    >,
    private readonly processes: ServiceProcess[],
    readonly viewsDir: string,
  ) {}

  /** ganglia-web's address, e.g. `http://127.0.0.5:8080/ganglia/`. */
  get url(): string {
    return `http://${this.endpoints.address}:${this.endpoints.webPort}/ganglia/`;
  }

  /** Starts collectors, gmetad and Apache, and waits until each answers. */
  static async start(props: LocalGangliaProps): Promise<LocalGanglia> {
    requireGangliaPackages('ganglia');
    const dir = path.resolve(props.dir);
    const rrdDir = path.join(dir, 'rrds');
    const webDir = path.join(dir, 'web');
    const confDir = path.join(webDir, 'conf');
    const dwooDir = path.join(webDir, 'dwoo');
    for (const d of [
      rrdDir,
      confDir,
      path.join(dwooDir, 'compiled'),
      path.join(dwooDir, 'cache'),
    ]) {
      mkdirSync(d, { recursive: true });
    }
    const xmlPort = await freePortPair(props.gmetadPortBase ?? 18651);
    const endpoints = {
      address: props.address,
      gmetadXmlPort: xmlPort,
      gmetadInteractivePort: xmlPort + 1,
      webPort: props.webPort ?? 8080,
    };
    const timeoutMs = props.startTimeoutMs ?? 30_000;
    const processes: ServiceProcess[] = [];
    const started = new LocalGanglia(props, endpoints, processes, confDir);
    try {
      for (const cluster of GANGLIA_CLUSTERS) {
        const conf = path.join(dir, `collector-${cluster}.conf`);
        writeFileSync(conf, renderCollectorGmondConf(cluster, endpoints));
        const proc = ServiceProcess.start({
          name: `collector gmond ${cluster}`,
          command: gmond,
          args: ['-c', conf, '-f'],
          cwd: dir,
          outputFile: path.join(dir, `collector-${cluster}.log`),
          marker: conf,
        });
        processes.push(proc);
        const port = DEFAULT_COLLECTOR_PORTS[cluster];
        await proc.waitUntilReady(
          async () => (await readGanglia(props.address, port, 1_000)).length > 0,
          {
            description: `collector gmond ${cluster} on ${props.address}:${port}`,
            timeoutMs,
          },
        );
      }
      const gmetadConf = path.join(dir, 'gmetad.conf');
      writeFileSync(
        gmetadConf,
        renderGmetadConf({
          ganglia: endpoints,
          rrdDir,
          gridName: props.gridName ?? 'testbed',
          ...(props.pollSec ? { pollSec: props.pollSec } : {}),
        }),
      );
      const gmetad = ServiceProcess.start({
        name: 'gmetad',
        command: '/usr/sbin/gmetad',
        args: ['-c', gmetadConf, '-d', '1'],
        cwd: dir,
        outputFile: path.join(dir, 'gmetad.log'),
        marker: gmetadConf,
      });
      processes.push(gmetad);
      await gmetad.waitUntilReady(
        async () =>
          (await readGanglia('127.0.0.1', xmlPort, 1_000)).length === GANGLIA_CLUSTERS.length,
        { description: `gmetad on 127.0.0.1:${xmlPort}`, timeoutMs },
      );
      await started.startWeb({ dir: webDir, rrdDir, confDir, dwooDir }, timeoutMs);
      return started;
    } catch (error) {
      await started.stop();
      throw error;
    }
  }

  private async startWeb(
    dirs: { dir: string; rrdDir: string; confDir: string; dwooDir: string },
    timeoutMs: number,
  ): Promise<void> {
    applyPhp8Fixes();
    const hook = withConfHook(
      existsSync(DEBIAN_CONF_HOOK) ? readFileSync(DEBIAN_CONF_HOOK, 'utf8') : undefined,
    );
    if (hook !== undefined) writeFileSync(DEBIAN_CONF_HOOK, hook);
    const options = {
      ...dirs,
      address: this.endpoints.address,
      port: this.endpoints.webPort,
      gmetadInteractivePort: this.endpoints.gmetadInteractivePort,
    };
    const files = instanceFiles(dirs.dir);
    writeFileSync(files.httpdConf, renderHttpdConf(options));
    writeFileSync(files.webConf, renderGangliaWebConf(options));
    writeFileSync(files.shim, PHP8_SHIM);
    for (const f of ['events.json', 'event_color.json']) {
      if (!existsSync(path.join(dirs.confDir, f)))
        writeFileSync(path.join(dirs.confDir, f), '[]\n');
    }
    writeViews(dirs.confDir);
    const owner = apacheOwner();
    if (owner) {
      for (const d of [
        dirs.confDir,
        path.join(dirs.dwooDir, 'compiled'),
        path.join(dirs.dwooDir, 'cache'),
      ]) {
        chownSync(d, owner.uid, owner.gid);
      }
    }
    const apache = ServiceProcess.start({
      name: 'apache (ganglia-web)',
      command: '/usr/sbin/apache2',
      args: ['-f', files.httpdConf, '-DFOREGROUND'],
      cwd: dirs.dir,
      outputFile: path.join(dirs.dir, 'apache.log'),
      marker: files.httpdConf,
    });
    this.processes.push(apache);
    await apache.waitUntilReady(
      async () => {
        const res = await fetch(this.url, { signal: AbortSignal.timeout(5_000) });
        return res.status === 200;
      },
      { description: `ganglia-web at ${this.url}`, timeoutMs },
    );
  }

  /** Starts the node gmond of `node` (its own loopback address) and waits until the collector knows it. */
  async startNodeGmond(node: GangliaNode, options: { timeoutMs?: number } = {}): Promise<void> {
    const name = hostName(node);
    const conf = path.join(path.resolve(this.props.dir), `node-${name}.conf`);
    writeFileSync(conf, renderNodeGmondConf(node, this.endpoints, { collectEverySec: 5 }));
    const proc = ServiceProcess.start({
      name: `gmond ${name}`,
      command: gmond,
      args: ['-c', conf, '-f'],
      cwd: path.dirname(conf),
      outputFile: path.join(path.dirname(conf), `node-${name}.log`),
      marker: conf,
    });
    this.nodes.set(name, proc);
    await proc.waitUntilReady(async () => this.hostKnown(node.cluster, name), {
      description: `${name} in collector ${node.cluster}`,
      timeoutMs: options.timeoutMs ?? 30_000,
    });
  }

  /** Stops (SIGKILL with `kill`) the node gmond of `name`, e.g. to test a dead gmond. */
  async stopNodeGmond(name: string, how: 'stop' | 'kill' = 'stop'): Promise<void> {
    const proc = this.nodes.get(name);
    if (!proc) return;
    if (how === 'kill') await proc.kill();
    else await proc.stop(5_000);
    this.nodes.delete(name);
  }

  /** Stops the collector gmond of `cluster` (to test a Ganglia node that goes away). */
  async stopCollector(cluster: GangliaCluster, how: 'stop' | 'kill' = 'stop'): Promise<void> {
    const proc = this.processes.find((p) => p.name === `collector gmond ${cluster}`);
    if (!proc) return;
    if (how === 'kill') await proc.kill();
    else await proc.stop(5_000);
  }

  /** True once the collector of `cluster` has a host called `name`. */
  async hostKnown(cluster: GangliaCluster, name: string): Promise<boolean> {
    const state = await readGanglia(
      this.endpoints.address,
      DEFAULT_COLLECTOR_PORTS[cluster],
      2_000,
    );
    return state.some((c) => c.hosts.some((h) => h.name === name));
  }

  /** gmetad's view of the grid. */
  gmetadState(): ReturnType<typeof readGanglia> {
    return readGanglia('127.0.0.1', this.endpoints.gmetadXmlPort, 5_000);
  }

  /** Waits until gmetad reports `predicate` true (bounded). */
  async waitForGmetad(
    description: string,
    predicate: (state: Awaited<ReturnType<typeof readGanglia>>) => boolean,
    timeoutMs = 30_000,
  ): Promise<void> {
    await waitFor(async () => predicate(await this.gmetadState()), {
      description,
      timeoutMs,
      maxIntervalMs: 500,
    });
  }

  /** Pids of the daemons, for CPU/memory figures. */
  get pids(): { name: string; pid: number }[] {
    return [...this.processes, ...this.nodes.values()].map((p) => ({ name: p.name, pid: p.pid }));
  }

  /** Stops every process this instance started (node gmonds first). */
  async stop(): Promise<void> {
    await Promise.all([...this.nodes.values()].map((p) => p.stop(5_000)));
    this.nodes.clear();
    for (const p of this.processes.reverse()) await p.stop(10_000);
    this.processes.length = 0;
  }
}
