/**
 * Ganglia on this machine, in the foreground, on loopback: a collector gmond per cluster, gmetad
 * and an Apache of ours serving ganglia-web (the Ganglia node of a local bed), and a node gmond per
 * bed node, each on its own loopback address with its stable host name. Every process is owned
 * (stopped on exit, Ctrl-C, or when this process dies) and every start waits, bounded, until the
 * daemon answers.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { waitFor } from '../common/wait';
import {
  DEFAULT_COLLECTOR_PORTS,
  GANGLIA_CLUSTERS,
  hostName,
  type GangliaCluster,
  type GangliaEndpoints,
  type GangliaNode,
} from './config/layout';
import { renderNodeGmondConf } from './config/gmond-conf';
import { readGanglia } from './ganglia-xml';
import { writeGangliaNodeFiles } from './ganglia-node-files';
import { requireGangliaPackages } from './prerequisites';
import { isPortFree } from '../common/net';
import { ServiceProcess } from '../services/process';

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
export function apacheOwner(): { uid: number; gid: number } | undefined {
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
    mkdirSync(dir, { recursive: true });
    const xmlPort = await freePortPair(props.gmetadPortBase ?? 18651);
    const endpoints = {
      address: props.address,
      gmetadXmlPort: xmlPort,
      gmetadInteractivePort: xmlPort + 1,
      webPort: props.webPort ?? 8080,
    };
    const owner = apacheOwner();
    const files = writeGangliaNodeFiles({
      dir,
      endpoints,
      gridName: props.gridName ?? 'testbed',
      ...(props.pollSec ? { pollSec: props.pollSec } : {}),
      ...(owner ? { webOwner: owner } : {}),
    });
    const timeoutMs = props.startTimeoutMs ?? 30_000;
    const processes: ServiceProcess[] = [];
    const started = new LocalGanglia(props, endpoints, processes, files.confDir);
    try {
      for (const cluster of GANGLIA_CLUSTERS) {
        const conf = files.collectorConfs[cluster];
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
      const gmetad = ServiceProcess.start({
        name: 'gmetad',
        command: '/usr/sbin/gmetad',
        args: ['-c', files.gmetadConf, '-d', '1'],
        cwd: dir,
        outputFile: path.join(dir, 'gmetad.log'),
        marker: files.gmetadConf,
      });
      processes.push(gmetad);
      await gmetad.waitUntilReady(
        async () =>
          (await readGanglia('127.0.0.1', xmlPort, 1_000)).length === GANGLIA_CLUSTERS.length,
        { description: `gmetad on 127.0.0.1:${xmlPort}`, timeoutMs },
      );
      const apache = ServiceProcess.start({
        name: 'apache (ganglia-web)',
        command: '/usr/sbin/apache2',
        args: ['-f', files.httpdConf, '-DFOREGROUND'],
        cwd: files.webDir,
        outputFile: path.join(files.webDir, 'apache.log'),
        marker: files.httpdConf,
      });
      processes.push(apache);
      await apache.waitUntilReady(
        async () => {
          const res = await fetch(started.url, { signal: AbortSignal.timeout(5_000) });
          return res.status === 200;
        },
        { description: `ganglia-web at ${started.url}`, timeoutMs },
      );
      return started;
    } catch (error) {
      await started.stop();
      throw error;
    }
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

  /** The name of a daemon (collector, gmetad, Apache) that exited, if any; with its log file. */
  deadDaemon(): { name: string; log: string } | undefined {
    const dead = this.processes.find((p) => !p.isAlive());
    if (!dead) return undefined;
    const dir = path.resolve(this.props.dir);
    const log = dead.name.startsWith('collector gmond ')
      ? path.join(dir, `collector-${dead.name.slice('collector gmond '.length)}.log`)
      : dead.name === 'gmetad'
        ? path.join(dir, 'gmetad.log')
        : path.join(dir, 'web', 'error.log');
    return { name: dead.name, log };
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
