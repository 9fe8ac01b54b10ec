import {
  decodeHistogram,
  newLatencyHistogram,
  summarizeHistogram,
} from '../tests-runner/results/histogram';
import type { LoadTestResult } from '../tests-runner/results/schema';

/**
 * The figures a campaign gates, from one load test's merged result: per workload, throughput
 * (calls per second of every operation type, summed) and p99 latency from the operation
 * histograms added together (percentiles are never averaged). Keys: `<loadTest>/<workload>/<metric>`.
 * A workload that did not complete contributes nothing, so its metrics are missing, not zero.
 */
export function metricsFromResult(
  loadTest: string,
  result: LoadTestResult,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const w of result.workloads) {
    if (w.status !== 'completed') continue;
    const ops = Object.values(w.measured.operations);
    if (ops.length === 0) continue;
    const merged = newLatencyHistogram();
    let throughput = 0;
    for (const op of ops) {
      throughput += op.throughputOpsPerSec;
      merged.add(decodeHistogram(op.latencyHistogram));
    }
    out[`${loadTest}/${w.name}/throughputOpsPerSec`] = throughput;
    out[`${loadTest}/${w.name}/latencyP99Ms`] = summarizeHistogram(merged).p99Ms;
  }
  return out;
}
