/**
 * Publishing live metrics to a monitoring system. The runner calls every publisher with each live
 * sample (about once a second per running workload); the monitoring issue implements this for
 * Ganglia (gmetric). A publisher that fails is reported once and does not disturb the run.
 */
import { errorMessage } from '../../common/errors';
import type { LiveSample } from '../engine/live';

/** One metric as monitoring systems take it: a name, a value and a unit. */
export interface Metric {
  /** `testbed.<workload>.<metric>`, e.g. `testbed.write.ops_per_sec`. */
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

export interface MetricsPublisher {
  publish(sample: LiveSample, metrics: readonly Metric[]): void | Promise<void>;
  close?(): void | Promise<void>;
}

/** The metrics of a live sample, named per workload. */
export function liveMetrics(sample: LiveSample): Metric[] {
  const base = `testbed.${sample.workload.toLowerCase()}`;
  return [
    { name: `${base}.ops_per_sec`, value: sample.throughputOpsPerSec, unit: 'calls/s' },
    { name: `${base}.entries_per_sec`, value: sample.throughputEntriesPerSec, unit: 'entries/s' },
    { name: `${base}.latency_p50_ms`, value: sample.latencyP50Ms, unit: 'ms' },
    { name: `${base}.latency_p99_ms`, value: sample.latencyP99Ms, unit: 'ms' },
    { name: `${base}.errors_per_sec`, value: sample.errorsPerSec, unit: 'errors/s' },
    { name: `${base}.errors`, value: sample.errors, unit: 'errors' },
    { name: `${base}.in_flight`, value: sample.inFlight, unit: 'calls' },
  ];
}

/** Sends each sample to every publisher; errors are logged once per publisher and swallowed there. */
export function publishTo(
  publishers: readonly MetricsPublisher[],
  log: (line: string) => void,
): { publish(sample: LiveSample): void; close(): Promise<void> } {
  const failed = new Set<MetricsPublisher>();
  const report = (p: MetricsPublisher, error: unknown): void => {
    if (failed.has(p)) return;
    failed.add(p);
    log(`metrics publisher failed (further failures are not shown): ${errorMessage(error)}`);
  };
  return {
    publish(sample) {
      const metrics = liveMetrics(sample);
      for (const p of publishers) {
        try {
          const pending = p.publish(sample, metrics);
          if (pending)
            pending.catch((error: unknown) => {
              report(p, error);
            });
        } catch (error) {
          report(p, error);
        }
      }
    },
    async close() {
      await Promise.all(
        publishers.map(async (p) => {
          try {
            await p.close?.();
          } catch (error) {
            report(p, error);
          }
        }),
      );
    },
  };
}
