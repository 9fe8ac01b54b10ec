/**
 * The load-test runner's metrics publisher for Ganglia: the runner's live metrics of each workload
 * (throughput, p99 of the last interval, errors) as gmetric values of the test node's host, at
 * most once per interval per workload. Publishing is fire-and-forget through {@link GmetricSender}:
 * it returns at once and never throws for network reasons, so the run is never slowed or failed.
 */
import type { Metric, MetricsPublisher } from '../../tests-runner';
import type { LiveSample } from '../../tests-runner/engine/live';
import {
  GmetricSender,
  type GmetricSenderOptions,
  type GmetricSenderStats,
} from '../gmetric/sender';

/** Options of {@link GangliaLoadTestPublisher}. */
export interface GangliaLoadTestPublisherOptions extends GmetricSenderOptions {
  /** Least time between two publications of one workload. @default 5000 */
  readonly intervalMs?: number;
}

/** Publishes live load-test metrics to the tests cluster's collector gmond. */
export class GangliaLoadTestPublisher implements MetricsPublisher {
  private readonly sender: GmetricSender;
  private readonly intervalMs: number;
  private readonly lastAt = new Map<string, number>();

  constructor(options: GangliaLoadTestPublisherOptions) {
    this.sender = new GmetricSender(options);
    this.intervalMs = options.intervalMs ?? 5_000;
  }

  publish(sample: LiveSample, metrics: readonly Metric[]): void {
    const last = this.lastAt.get(sample.workload);
    if (last !== undefined && sample.timestampMs - last < this.intervalMs) return;
    this.lastAt.set(sample.workload, sample.timestampMs);
    this.sender.publish(
      metrics.map((m) => ({
        name: m.name,
        value: m.value,
        type: 'float',
        units: m.unit,
        group: 'loadtest',
        tmaxSec: Math.ceil((this.intervalMs * 2) / 1000),
      })),
    );
  }

  /** Declares every metric again with the next publication (after a collector restart). */
  redeclare(): void {
    this.sender.redeclare();
  }

  /** What was sent, dropped and failed (for the run's report). */
  get stats(): GmetricSenderStats {
    return this.sender.stats;
  }

  close(): void {
    this.sender.close();
  }
}
