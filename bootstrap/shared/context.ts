/**
 * What a role script is given: identity, the bucket, the resolved bed, its status reporter, how
 * to start processes, and the deadline. Built by `bootstrap/main.ts` from the env file; the roles
 * never look anything up themselves.
 */
import type { ResolvedBed } from '../../bed/resolve';
import { BedLayout, nodeId, type NodeId, type RunLayout } from '../../bed/s3-layout';
import type { ProcessRunner, Variables } from '../../services/environment';
import type { BedBucket } from './bucket';
import type { NodeIdentity } from './identity';
import type { NodeMonitoring } from './node-monitoring';
import type { StatusReporter } from './status';

export interface RoleContext {
  readonly identity: NodeIdentity;
  readonly node: NodeId;
  readonly bucket: BedBucket;
  readonly bed: ResolvedBed;
  readonly bedLayout: BedLayout;
  /** This run's keys. */
  readonly run: RunLayout;
  /** The keys of the run whose Cassandra and Ignite nodes serve this one. */
  readonly servicesRun: RunLayout;
  readonly status: StatusReporter;
  /** Variables the started JVMs and sidecars get (JAVA_HOME, PATH, …). */
  readonly variables: Variables;
  readonly runner: ProcessRunner;
  readonly log: (line: string) => void;
  /** Aborted on SIGTERM / SIGINT: stop, ship logs, exit. */
  readonly signal: AbortSignal;
  /** The node's Ganglia (gmond, metric pollers); undefined when the bed has no Ganglia node. */
  readonly monitoring: NodeMonitoring | undefined;
  /** `timeoutMs`, cut short by the node's deadline. */
  bounded(timeoutMs: number): number;
}

/** The node ids of a role in the bed. */
export function nodesOf(bed: ResolvedBed, role: 'cassandra' | 'ignite' | 'tests'): NodeId[] {
  return bed.addresses[role].map((_, i) => nodeId(role, i));
}

/** Bounds a wait by the deadline. */
export function boundedBy(deadline: Date | undefined): (timeoutMs: number) => number {
  return (timeoutMs) =>
    deadline ? Math.max(1000, Math.min(timeoutMs, deadline.getTime() - Date.now())) : timeoutMs;
}
