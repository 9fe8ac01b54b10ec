/**
 * Merges the results of N nodes into one result of the same format, exactly: counts are added,
 * histograms are decoded and added (percentiles are recomputed from the sum, never averaged),
 * per-second series are summed over the same wall-clock seconds, and per-node figures are kept
 * side by side. A node's throughput is its calls over its own measured duration; the cluster's is
 * the sum of its nodes'.
 */
import { UsageError } from '../../common/errors';
import { decodeHistogram, encodeHistogram, summarizeHistogram } from './histogram';
import type {
  EncodedHistogram,
  LoadTestResult,
  OperationStats,
  PhaseResult,
  Series,
  WorkloadResult,
} from './schema';

function addHistograms(list: readonly EncodedHistogram[]): {
  encoded: EncodedHistogram;
  summary: OperationStats['latency'];
} {
  const [first, ...rest] = list.map(decodeHistogram);
  if (!first) throw new Error('bug: no histogram to merge');
  for (const h of rest) first.add(h);
  return { encoded: encodeHistogram(first), summary: summarizeHistogram(first) };
}

/** Sums series bucket by bucket over the epoch seconds they cover. */
export function addSeries(list: readonly Series[]): Series {
  const start = Math.min(...list.map((s) => s.startEpochSec));
  const end = Math.max(...list.map((s) => s.startEpochSec + s.callsPerSec.length));
  const sum = (pick: (s: Series) => number[]): number[] => {
    const out = new Array<number>(end - start).fill(0);
    for (const s of list) {
      pick(s).forEach((v, i) => {
        out[s.startEpochSec - start + i] = (out[s.startEpochSec - start + i] ?? 0) + v;
      });
    }
    return out;
  };
  return {
    startEpochSec: start,
    callsPerSec: sum((s) => s.callsPerSec),
    entriesPerSec: sum((s) => s.entriesPerSec),
    errorsPerSec: sum((s) => s.errorsPerSec),
  };
}

function addOperations(list: readonly OperationStats[]): OperationStats {
  const sum = (f: (s: OperationStats) => number): number => list.reduce((a, s) => a + f(s), 0);
  const errorsByKind: Record<string, number> = {};
  for (const s of list) {
    for (const [kind, n] of Object.entries(s.errorsByKind))
      errorsByKind[kind] = (errorsByKind[kind] ?? 0) + n;
  }
  const errorEntriesByKind: Record<string, number> = {};
  for (const s of list) {
    for (const [kind, n] of Object.entries(s.errorEntriesByKind ?? {}))
      errorEntriesByKind[kind] = (errorEntriesByKind[kind] ?? 0) + n;
  }
  const latency = addHistograms(list.map((s) => s.latencyHistogram));
  const merged: OperationStats = {
    calls: sum((s) => s.calls),
    entries: sum((s) => s.entries),
    errors: sum((s) => s.errors),
    errorEntries: sum((s) => s.errorEntries),
    errorsByKind,
    ...(list.some((s) => s.errorEntriesByKind) ? { errorEntriesByKind } : {}),
    retries: sum((s) => s.retries),
    misses: sum((s) => s.misses),
    throughputOpsPerSec: sum((s) => s.throughputOpsPerSec),
    throughputEntriesPerSec: sum((s) => s.throughputEntriesPerSec),
    latency: latency.summary,
    latencyHistogram: latency.encoded,
    series: addSeries(list.map((s) => s.series)),
  };
  const service = list.map((s) => s.serviceTimeHistogram).filter((h) => h !== undefined);
  if (service.length === list.length && service.length > 0) {
    const st = addHistograms(service);
    merged.serviceTime = st.summary;
    merged.serviceTimeHistogram = st.encoded;
  }
  return merged;
}

function addPhases(list: readonly PhaseResult[]): PhaseResult {
  const operations: PhaseResult['operations'] = {};
  const ops = new Set(list.flatMap((p) => Object.keys(p.operations))) as Set<
    keyof PhaseResult['operations']
  >;
  for (const op of ops) {
    const stats = list.map((p) => p.operations[op]).filter((s) => s !== undefined);
    operations[op] = addOperations(stats);
  }
  return {
    startedAtEpochMs: Math.min(...list.map((p) => p.startedAtEpochMs)),
    endedAtEpochMs: Math.max(...list.map((p) => p.endedAtEpochMs)),
    durationMs: Math.max(...list.map((p) => p.durationMs)),
    operations,
    nodes: list.flatMap((p) => p.nodes).sort((a, b) => a.node - b.node),
  };
}

function addWorkloads(list: readonly WorkloadResult[]): WorkloadResult {
  const first = list[0];
  if (!first) throw new Error('bug: no workload to merge');
  const status = list.some((w) => w.status === 'failed')
    ? 'failed'
    : list.some((w) => w.status === 'interrupted')
      ? 'interrupted'
      : 'completed';
  const failures = list.map((w) => w.failure).filter((f) => f !== undefined);
  return {
    ...first,
    status,
    ...(failures.length ? { failure: failures.join('; ') } : {}),
    warmup: addPhases(list.map((w) => w.warmup)),
    measured: addPhases(list.map((w) => w.measured)),
  };
}

/**
 * Merges node results (each may itself be a merge). Refuses results of different runs, formats or
 * workload settings, and a node that appears twice, naming the files.
 */
export function mergeResults(
  inputs: readonly { result: LoadTestResult; file: string }[],
): LoadTestResult {
  const first = inputs[0];
  if (!first) throw new UsageError('Nothing to merge: give at least one results file.');
  const seen = new Map<number, string>();
  for (const { result, file } of inputs) {
    if (result.runId !== first.result.runId) {
      throw new UsageError(
        `${file} belongs to run '${result.runId}', ${first.file} to run '${first.result.runId}'.`,
        {
          hint: 'Merge the files of one run only; the nodes of a run share its runId (set runId or --run-id on every node).',
        },
      );
    }
    for (const node of result.nodes) {
      const other = seen.get(node.index);
      if (other !== undefined) {
        throw new UsageError(`Node ${node.index} appears in both ${other} and ${file}.`, {
          hint: 'Give each node its own node.index (--node-index) and each file once.',
        });
      }
      seen.set(node.index, file);
    }
  }
  const byName = new Map<string, WorkloadResult[]>();
  for (const { result, file } of inputs) {
    for (const w of result.workloads) {
      const peers = byName.get(w.name) ?? [];
      const ref = peers[0];
      if (
        ref &&
        (ref.mode !== w.mode || ref.bulkSize !== w.bulkSize || ref.concurrency !== w.concurrency)
      ) {
        throw new UsageError(
          `${file}: workload ${w.name} ran with other settings (mode, bulk size or concurrency) than on the other nodes.`,
          { hint: 'Merge results of nodes that ran the same configuration.' },
        );
      }
      byName.set(w.name, [...peers, w]);
    }
  }
  const all = inputs.map((i) => i.result);
  return {
    ...first.result,
    startedAt: all.map((r) => r.startedAt).sort()[0] ?? first.result.startedAt,
    finishedAt:
      all
        .map((r) => r.finishedAt)
        .sort()
        .at(-1) ?? first.result.finishedAt,
    interrupted: all.some((r) => r.interrupted),
    nodes: all.flatMap((r) => r.nodes).sort((a, b) => a.index - b.index),
    workloads: [...byName.values()].map(addWorkloads),
  };
}
