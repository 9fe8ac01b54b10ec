/**
 * Who is who in a bed's Ganglia: one Ganglia cluster per role, a stable host name per node, and a
 * collector gmond per cluster on the Ganglia node (gmetad polls one data source per cluster).
 */
import { isIPv4 } from 'node:net';

import { MonitoringError } from '../errors';

/** The roles of a bed; each is a Ganglia cluster of the same name. */
export const GANGLIA_CLUSTERS = ['cassandra', 'ignite', 'tests', 'ganglia'] as const;
export type GangliaCluster = (typeof GANGLIA_CLUSTERS)[number];

/** The collector gmonds' UDP/TCP ports on the Ganglia node, one per cluster (gmetad keeps 8651/8652). */
export const DEFAULT_COLLECTOR_PORTS: Readonly<Record<GangliaCluster, number>> = {
  cassandra: 8661,
  ignite: 8662,
  tests: 8663,
  ganglia: 8664,
};

/** Where the Ganglia node listens. */
export interface GangliaEndpoints {
  /** The Ganglia node's address (its private IP on EC2, a loopback address locally). */
  readonly address: string;
  /** @default DEFAULT_COLLECTOR_PORTS */
  readonly collectorPorts?: Readonly<Record<GangliaCluster, number>>;
  /** gmetad's XML port (polled by ganglia-web) and interactive port. @default 8651, 8652 */
  readonly gmetadXmlPort?: number;
  readonly gmetadInteractivePort?: number;
  /** ganglia-web's HTTP port. @default 80 */
  readonly webPort?: number;
}

/** A node as Ganglia sees it. */
export interface GangliaNode {
  readonly cluster: GangliaCluster;
  /** Index within its role. */
  readonly index: number;
  /** The node's own IPv4 address. */
  readonly address: string;
}

/** `cassandra-0`, `tests-2`: the same name in every run, whatever the address. */
export function hostName(node: Pick<GangliaNode, 'cluster' | 'index'>): string {
  if (!Number.isInteger(node.index) || node.index < 0) {
    throw new MonitoringError('bad-config', `node index ${node.index} is not a whole number ≥ 0`);
  }
  return `${node.cluster}-${node.index}`;
}

/** The collector gmond of a cluster: where a node's gmond and its metric publishers send. */
export function collectorOf(
  endpoints: GangliaEndpoints,
  cluster: GangliaCluster,
): { address: string; port: number } {
  checkAddress(endpoints.address, 'Ganglia node address');
  const port = (endpoints.collectorPorts ?? DEFAULT_COLLECTOR_PORTS)[cluster];
  return { address: endpoints.address, port };
}

/** Fails with `what` named unless `address` is an IPv4 address. */
export function checkAddress(address: string, what: string): void {
  if (!isIPv4(address)) {
    throw new MonitoringError(
      'bad-config',
      `${what} ${JSON.stringify(address)} is not an IPv4 address`,
    );
  }
}

/** Fails unless `cluster` is one of {@link GANGLIA_CLUSTERS}. */
export function asCluster(cluster: string): GangliaCluster {
  if ((GANGLIA_CLUSTERS as readonly string[]).includes(cluster)) return cluster as GangliaCluster;
  throw new MonitoringError(
    'bad-config',
    `unknown Ganglia cluster ${JSON.stringify(cluster)}; one of ${GANGLIA_CLUSTERS.join(', ')}`,
  );
}
