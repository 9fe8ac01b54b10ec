/**
 * The custom metrics of a bed, in one place: the publishers name their metrics from here, the
 * views draw them and the snapshot saves their graphs. Names become RRD file names, so they use
 * letters, digits, `_` and `.` only.
 */
import type { GangliaCluster } from './config/layout';

/** A group of custom metrics (a section in ganglia-web's host view). */
export type MetricGroup = 'loadtest' | 'cassandra' | 'ignite' | 'sidecar';

/** The key graphs of a view: one aggregate graph of a metric pattern across a cluster's hosts. */
export interface KeyGraph {
  /** Short id, used for saved file names (`loadtest-throughput.png`). */
  readonly id: string;
  readonly title: string;
  readonly cluster: GangliaCluster;
  /** A regular expression over metric names (ganglia-web's `mreg[]`). */
  readonly metricRegex: string;
  readonly unit: string;
  readonly group: MetricGroup;
}

/** The load-test metric names of a workload (see tests-runner's liveMetrics for the values). */
export function loadTestMetricName(workload: string, metric: string): string {
  return `testbed.${workload.toLowerCase()}.${metric}`;
}

/** Cassandra, per node (heap is not in Cassandra 5's virtual tables; gmond's mem_* cover the host). */
export const CASSANDRA_METRICS = {
  readRate: 'cassandra.reads_per_sec',
  writeRate: 'cassandra.writes_per_sec',
  readLatencyP99: 'cassandra.read_latency_p99_ms',
  writeLatencyP99: 'cassandra.write_latency_p99_ms',
  pendingCompactions: 'cassandra.pending_compactions',
  /** Resident memory of the Cassandra JVM. */
  rss: 'cassandra.jvm_rss_mb',
} as const;

/** Ignite, per node. */
export const IGNITE_METRICS = {
  puts: 'ignite.puts_per_sec',
  gets: 'ignite.gets_per_sec',
  misses: 'ignite.misses_per_sec',
  writeBehindQueue: 'ignite.write_behind_queue',
  heapUsed: 'ignite.heap_used_mb',
  /** Resident memory of the Ignite JVM. */
  rss: 'ignite.jvm_rss_mb',
} as const;

/** The TS store sidecar, per Ignite node. */
export const SIDECAR_METRICS = {
  /** `sidecar.calls_per_sec.<kind>` (kind: load, writeAll, …, lower-cased). */
  callsPrefix: 'sidecar.calls_per_sec.',
  inFlight: 'sidecar.in_flight',
  errors: 'sidecar.errors_per_sec',
  retries: 'sidecar.retries_per_sec',
} as const;

const esc = (name: string): string => name.replace(/\./g, '\\.');

/** The graphs kept with a run's report, and drawn in the views. */
export const KEY_GRAPHS: readonly KeyGraph[] = [
  {
    id: 'loadtest-throughput',
    title: 'Load test throughput',
    cluster: 'tests',
    metricRegex: 'testbed\\..*\\.ops_per_sec',
    unit: 'calls/s',
    group: 'loadtest',
  },
  {
    id: 'loadtest-latency-p99',
    title: 'Load test p99 latency',
    cluster: 'tests',
    metricRegex: 'testbed\\..*\\.latency_p99_ms',
    unit: 'ms',
    group: 'loadtest',
  },
  {
    id: 'loadtest-in-flight',
    title: 'Load test calls in flight',
    cluster: 'tests',
    metricRegex: 'testbed\\..*\\.in_flight',
    unit: 'calls',
    group: 'loadtest',
  },
  {
    id: 'loadtest-errors',
    title: 'Load test errors',
    cluster: 'tests',
    metricRegex: 'testbed\\..*\\.errors_per_sec',
    unit: 'errors/s',
    group: 'loadtest',
  },
  {
    id: 'cassandra-rates',
    title: 'Cassandra reads and writes',
    cluster: 'cassandra',
    metricRegex: `${esc(CASSANDRA_METRICS.readRate)}|${esc(CASSANDRA_METRICS.writeRate)}`,
    unit: 'requests/s',
    group: 'cassandra',
  },
  {
    id: 'cassandra-latency-p99',
    title: 'Cassandra p99 latency',
    cluster: 'cassandra',
    metricRegex: `${esc(CASSANDRA_METRICS.readLatencyP99)}|${esc(CASSANDRA_METRICS.writeLatencyP99)}`,
    unit: 'ms',
    group: 'cassandra',
  },
  {
    id: 'cassandra-pending-compactions',
    title: 'Cassandra pending compactions',
    cluster: 'cassandra',
    metricRegex: esc(CASSANDRA_METRICS.pendingCompactions),
    unit: 'tasks',
    group: 'cassandra',
  },
  {
    id: 'cassandra-memory',
    title: 'Cassandra JVM resident memory',
    cluster: 'cassandra',
    metricRegex: esc(CASSANDRA_METRICS.rss),
    unit: 'MiB',
    group: 'cassandra',
  },
  {
    id: 'ignite-cache-ops',
    title: 'Ignite cache puts, gets, misses',
    cluster: 'ignite',
    metricRegex: `${esc(IGNITE_METRICS.puts)}|${esc(IGNITE_METRICS.gets)}|${esc(IGNITE_METRICS.misses)}`,
    unit: 'ops/s',
    group: 'ignite',
  },
  {
    id: 'ignite-write-behind',
    title: 'Ignite write-behind queue',
    cluster: 'ignite',
    metricRegex: esc(IGNITE_METRICS.writeBehindQueue),
    unit: 'entries',
    group: 'ignite',
  },
  {
    id: 'ignite-memory',
    title: 'Ignite JVM heap and resident memory',
    cluster: 'ignite',
    metricRegex: `${esc(IGNITE_METRICS.heapUsed)}|${esc(IGNITE_METRICS.rss)}`,
    unit: 'MiB',
    group: 'ignite',
  },
  {
    id: 'sidecar-calls',
    title: 'Store sidecar calls by kind',
    cluster: 'ignite',
    metricRegex: `${esc(SIDECAR_METRICS.callsPrefix)}.*`,
    unit: 'calls/s',
    group: 'sidecar',
  },
  {
    id: 'sidecar-errors-retries',
    title: 'Store sidecar errors and retries',
    cluster: 'ignite',
    metricRegex: `${esc(SIDECAR_METRICS.errors)}|${esc(SIDECAR_METRICS.retries)}`,
    unit: 'per s',
    group: 'sidecar',
  },
];
