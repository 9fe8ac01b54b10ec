import { loadTestConfigSchema } from '../../tests-runner/config/schema';
import { runLoadTest } from '../../tests-runner/engine/run';
import { publishTo, type MetricsPublisher } from '../../tests-runner/metrics/publisher';
import type { LoadTestResult } from '../../tests-runner/results/schema';

/**
 * A noop-target load test at a fixed rate (open loop), publishing its live metrics to
 * `publishers`: the calls it makes depend only on rate and time, so runs with and without
 * publishing can be compared call for call.
 */
export async function publishedLoadTest(
  publishers: readonly MetricsPublisher[],
  options: {
    seconds: number;
    rate: number;
    onSample?: (elapsedSec: number) => void | Promise<void>;
  },
): Promise<LoadTestResult> {
  const log: string[] = [];
  const fan = publishTo(publishers, (line) => log.push(line));
  try {
    return await runLoadTest(
      loadTestConfigSchema.parse({
        target: 'noop',
        workloads: ['WRITE'],
        warmupSeconds: 0.5,
        durationSeconds: options.seconds,
        concurrency: 8,
        bulkSize: 1,
        rateOpsPerSec: options.rate,
      }),
      {
        onSample: (s) => {
          fan.publish(s);
          void options.onSample?.(s.elapsedSec);
        },
      },
    );
  } finally {
    await fan.close();
  }
}

/** Calls and errors of the measured phase of every workload. */
export function measuredCounts(
  r: LoadTestResult,
): { workload: string; status: string; calls: number; errors: number }[] {
  return r.workloads.map((w) => {
    const ops = Object.values(w.measured.operations);
    return {
      workload: w.name,
      status: w.status,
      calls: ops.reduce((a, s) => a + s.calls, 0),
      errors: ops.reduce((a, s) => a + s.errors, 0),
    };
  });
}
