/** Builders of valid load-test results for unit tests of merge, schema and reports; readers of results for integration tests. */
import {
  encodeHistogram,
  newLatencyHistogram,
  summarizeHistogram,
} from '../../tests-runner/results/histogram';
import {
  RESULT_FORMAT,
  RESULT_VERSION,
  type LoadTestResult,
  type OperationStats,
  type PhaseResult,
  type WorkloadResult,
} from '../../tests-runner/results/schema';
import type { OperationType, WorkloadName } from '../../tests-runner/operations';

export interface OpFixture {
  /** Latencies of successful calls, nanoseconds. */
  readonly latenciesNs: readonly number[];
  readonly startEpochSec: number;
  /** Successful calls per second (their sum should be latenciesNs.length). */
  readonly callsPerSec: readonly number[];
  readonly errorsByKind?: Readonly<Record<string, number>>;
  readonly durationMs?: number;
}

export function opStats(f: OpFixture): OperationStats {
  const h = newLatencyHistogram();
  for (const v of f.latenciesNs) h.recordValue(v);
  const errors = Object.values(f.errorsByKind ?? {}).reduce((a, n) => a + n, 0);
  const seconds = (f.durationMs ?? 10_000) / 1000;
  return {
    calls: f.latenciesNs.length,
    entries: f.latenciesNs.length,
    errors,
    errorEntries: errors,
    errorsByKind: { ...(f.errorsByKind ?? {}) },
    retries: 0,
    misses: 0,
    throughputOpsPerSec: f.latenciesNs.length / seconds,
    throughputEntriesPerSec: f.latenciesNs.length / seconds,
    latency: summarizeHistogram(h),
    latencyHistogram: encodeHistogram(h),
    series: {
      startEpochSec: f.startEpochSec,
      callsPerSec: [...f.callsPerSec],
      entriesPerSec: [...f.callsPerSec],
      errorsPerSec: f.callsPerSec.map(() => 0),
    },
  };
}

function phase(
  node: number,
  ops: Partial<Record<OperationType, OperationStats>>,
  startEpochSec: number,
): PhaseResult {
  const stats = Object.values(ops);
  return {
    startedAtEpochMs: startEpochSec * 1000,
    endedAtEpochMs: startEpochSec * 1000 + 10_000,
    durationMs: 10_000,
    operations: ops,
    nodes: [
      {
        node,
        startedAtEpochMs: startEpochSec * 1000,
        durationMs: 10_000,
        calls: stats.reduce((a, s) => a + s.calls, 0),
        entries: stats.reduce((a, s) => a + s.entries, 0),
        errors: stats.reduce((a, s) => a + s.errors, 0),
        throughputOpsPerSec: stats.reduce((a, s) => a + s.throughputOpsPerSec, 0),
        throughputEntriesPerSec: stats.reduce((a, s) => a + s.throughputEntriesPerSec, 0),
        latencyP50Ms: stats[0]?.latency.p50Ms ?? 0,
        latencyP99Ms: stats[0]?.latency.p99Ms ?? 0,
        cpuUserMs: 900,
        cpuSystemMs: 100,
        cpuCoreFraction: 0.1,
        rssMaxBytes: 100 * 2 ** 20,
        heapUsedMaxBytes: 50 * 2 ** 20,
      },
    ],
  };
}

/** One node's result with the given workloads (measured phase from the fixtures, empty warm-up). */
export function nodeResult(
  node: number,
  workloads: readonly { name: WorkloadName; ops: Partial<Record<OperationType, OpFixture>> }[],
  runId = 'fixture-run',
): LoadTestResult {
  const list: WorkloadResult[] = workloads.map((w) => {
    const measured: Partial<Record<OperationType, OperationStats>> = {};
    let start = Infinity;
    for (const [op, f] of Object.entries(w.ops) as [OperationType, OpFixture][]) {
      measured[op] = opStats(f);
      start = Math.min(start, f.startEpochSec);
    }
    return {
      name: w.name,
      status: 'completed',
      mode: 'closed',
      concurrency: 4,
      bulkSize: 10,
      warmup: phase(node, {}, start - 2),
      measured: phase(node, measured, start),
    };
  });
  const at = new Date(Date.UTC(2026, 0, 1, 12, 0, node)).toISOString();
  return {
    format: RESULT_FORMAT,
    version: RESULT_VERSION,
    runId,
    startedAt: at,
    finishedAt: at,
    interrupted: false,
    target: { kind: 'noop', description: 'noop (fixture)' },
    nodes: [
      {
        index: node,
        name: `node-${node}`,
        hostname: `host-${node}`,
        pid: 1000 + node,
        nodeVersion: 'v20.0.0',
        cpuCount: 2,
        startedAt: at,
        finishedAt: at,
        interrupted: false,
      },
    ],
    config: { target: 'noop' },
    workloads: list,
  };
}

/** Deterministic pseudo-random latencies (ns), log-uniform over 50 µs … 500 ms. */
export function latencies(count: number, seed: number): number[] {
  let s = seed >>> 0;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out.push(Math.round(50_000 * Math.pow(10_000, s / 2 ** 32)));
  }
  return out;
}

/** Per workload: its name, whether every operation type was called, and its errors and misses. */
export function errorsAndMisses(r: LoadTestResult): [string, boolean, number, number][] {
  return r.workloads.map((w) => {
    const ops = Object.values(w.measured.operations);
    return [
      w.name,
      ops.every((s) => s.calls > 0),
      ops.reduce((a, s) => a + s.errors, 0),
      ops.reduce((a, s) => a + s.misses, 0),
    ];
  });
}
