/**
 * A finished bed run (local or cloud: the same S3 layout) as a campaign run: the gated figures of
 * each load test from the test nodes' results merged exactly, or why the run cannot be compared.
 * A failed run, a partial one (a node's results missing) and a workload that did not complete are
 * invalid: their figures would be lower for reasons other than the code under test.
 */
import type { RunLayout } from '../bed/s3-layout';
import type { RunOutcome } from '../bed/status';
import { mergeResults } from '../tests-runner/results/merge';
import { loadTestResultSchema, type LoadTestResult } from '../tests-runner/results/schema';
import { metricsFromResult } from './metrics';
import type { CellRunOutcome } from './runner';

/** Reads a JSON object of the bed's bucket; undefined when absent. */
export interface BedObjectReader {
  getJson(key: string): Promise<unknown>;
}

/** The merged result of each load test of a run. */
export async function mergedRunResults(
  reader: BedObjectReader,
  run: RunLayout,
  loadTests: readonly string[],
  testNodes: number,
): Promise<Map<string, LoadTestResult>> {
  const out = new Map<string, LoadTestResult>();
  for (const name of loadTests) {
    const inputs = [];
    for (let i = 0; i < testNodes; i++) {
      const key = run.result(name, i);
      const json = await reader.getJson(key);
      if (json !== undefined) inputs.push({ file: key, result: loadTestResultSchema.parse(json) });
    }
    if (inputs.length > 0) out.set(name, mergeResults(inputs));
  }
  return out;
}

/**
 * The campaign figures of a finished bed run: `metricsFromResult` of each load test's merged
 * result, keyed `<loadTest>/<workload>/<metric>`; invalid (with the reason) when the run failed,
 * is partial, or a workload did not complete.
 */
export async function bedRunMetrics(
  reader: BedObjectReader,
  run: RunLayout,
  outcome: RunOutcome,
  bed: { readonly loadTests: readonly string[]; readonly testNodes: number },
): Promise<CellRunOutcome> {
  if (outcome.outcome === 'FAILED') {
    return { valid: false, reason: `bed run FAILED: ${outcome.reason}` };
  }
  if (outcome.missingNodes.length > 0) {
    return {
      valid: false,
      reason: `partial run: no results from ${outcome.missingNodes.join(', ')}`,
    };
  }
  const merged = await mergedRunResults(reader, run, bed.loadTests, bed.testNodes);
  const metrics: Record<string, number> = {};
  for (const name of bed.loadTests) {
    const result = merged.get(name);
    if (!result) return { valid: false, reason: `load test ${name} has no results` };
    if (result.interrupted) return { valid: false, reason: `load test ${name} was interrupted` };
    const unfinished = result.workloads.find((w) => w.status !== 'completed');
    if (unfinished) {
      return {
        valid: false,
        reason: `load test ${name}: workload ${unfinished.name} ${unfinished.status}${unfinished.failure ? ` (${unfinished.failure})` : ''}`,
      };
    }
    Object.assign(metrics, metricsFromResult(name, result));
  }
  return { valid: true, metrics };
}
