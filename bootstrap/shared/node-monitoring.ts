/**
 * Ganglia on a bed node, when the bed has a Ganglia node: the node's gmond (host name such as
 * `cassandra-0`, in its role's cluster, unicast to that cluster's collector on the Ganglia node)
 * and the node's custom metrics (pollers and publishers sending gmetric packets straight to the
 * collector). Monitoring never fails or slows the node: a gmond that cannot start is logged, and
 * metric sending is fire-and-forget.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { errorMessage } from '../../common/errors';
import {
  collectorOf,
  GmetricSender,
  hostName,
  missingGangliaPackages,
  renderNodeGmondConf,
  startPoller,
  type GangliaCluster,
  type GangliaEndpoints,
  type GmetricHost,
  type GmetricValue,
  type GmondAddress,
  type Poller,
} from '../../monitoring';
import type { ResolvedBed } from '../../bed/resolve';
import type { ProcessRunner } from '../../services/environment';
import { daemonStarter, type Daemon } from './daemons';
import type { NodeIdentity } from './identity';

/** What starting a node's monitoring needs (a part of the role context). */
export interface NodeMonitoringContext {
  readonly identity: NodeIdentity;
  readonly node: string;
  readonly bed: ResolvedBed;
  readonly runner: ProcessRunner;
  readonly log: (line: string) => void;
}

/** Seconds between a node gmond's default-metric collections and its metadata repeats. */
export const NODE_GMOND_TIMING = { collectEverySec: 5, sendMetadataIntervalSec: 10 } as const;

/** A node's monitoring, while it runs. */
export interface NodeMonitoring {
  /** The node as Ganglia names it. */
  readonly host: GmetricHost;
  /** Where the node's metrics go: its cluster's collector gmond. */
  readonly collector: GmondAddress;
  /** Polls `poll` every `intervalMs` and publishes what it returns (until {@link stop}). */
  poll(name: string, poll: () => Promise<readonly GmetricValue[]>, intervalMs?: number): void;
  /** Stops the pollers and the node's gmond. */
  stop(): Promise<void>;
}

/** The Ganglia node's endpoints as the bed's nodes see them (collector ports are the defaults). */
export function gangliaEndpointsOf(bed: ResolvedBed): GangliaEndpoints | undefined {
  const address = bed.addresses.ganglia[0];
  return address === undefined ? undefined : { address };
}

/**
 * Starts the node's gmond and returns its monitoring; undefined when the bed has no Ganglia node.
 * `cluster` is the role (the Ganglia node itself monitors as cluster `ganglia`).
 */
export async function startNodeMonitoring(
  ctx: NodeMonitoringContext,
  cluster: GangliaCluster,
): Promise<NodeMonitoring | undefined> {
  const ganglia = gangliaEndpointsOf(ctx.bed);
  if (!ganglia) return undefined;
  const node = { cluster, index: ctx.identity.index, address: ctx.identity.address };
  const host = { name: hostName(node), address: node.address };
  const collector = collectorOf(ganglia, cluster);
  const dir = path.join(ctx.identity.workDir, 'ganglia');
  mkdirSync(dir, { recursive: true });
  let gmond: Daemon | undefined;
  const missing = missingGangliaPackages('node');
  if (missing.length) {
    ctx.log(
      `[${ctx.node}] no gmond on this node (install ${missing.join(', ')}); custom metrics are still published`,
    );
  } else {
    const conf = path.join(dir, 'gmond.conf');
    writeFileSync(conf, renderNodeGmondConf(node, ganglia, NODE_GMOND_TIMING));
    try {
      gmond = await daemonStarter({ mode: ctx.identity.daemons, runner: ctx.runner })({
        name: `gmond ${host.name}`,
        unit: 'testbed-gmond.service',
        command: '/usr/sbin/gmond',
        args: ['-f', '-c', conf],
        dir,
      });
    } catch (error) {
      ctx.log(`[${ctx.node}] gmond did not start (${errorMessage(error)}); continuing without it`);
    }
  }
  const sender = new GmetricSender({
    targets: [collector],
    host,
    metadataIntervalMs: NODE_GMOND_TIMING.sendMetadataIntervalSec * 1000,
    onFirstError: (message) => {
      ctx.log(
        `[${ctx.node}] sending metrics to ${collector.address}:${collector.port}: ${message}`,
      );
    },
  });
  const pollers: Poller[] = [];
  return {
    host,
    collector,
    poll(name, poll, intervalMs = 5_000) {
      pollers.push(startPoller({ name, sender, poll, intervalMs, log: ctx.log }));
    },
    async stop() {
      await Promise.all(pollers.map((p) => p.stop()));
      sender.close();
      await gmond?.stop().catch((error: unknown) => {
        ctx.log(`[${ctx.node}] stopping gmond: ${errorMessage(error)}`);
      });
    },
  };
}
