/**
 * The report model: what every report (text, Markdown, HTML, summary JSON) shows, derived from a
 * (merged) result by a pure function. Histograms are left out; their percentiles are in.
 */
import { OPERATION_TYPES, type OperationType } from '../operations';
import { addSeries } from '../results/merge';
import type { LatencySummary, LoadTestResult, Series } from '../results/schema';

export const REPORT_FORMAT = 'ignite-cassandra-testbed/load-test-summary';

export interface OperationRow {
  readonly operation: OperationType;
  readonly calls: number;
  readonly entries: number;
  readonly errors: number;
  /** Failed calls / all calls, in percent. */
  readonly errorPercent: number;
  readonly retries: number;
  readonly misses: number;
  readonly throughputOpsPerSec: number;
  readonly throughputEntriesPerSec: number;
  readonly latency: LatencySummary;
  readonly serviceTime?: LatencySummary;
}

export interface WorkloadSummary {
  readonly name: string;
  readonly status: string;
  readonly failure?: string;
  readonly mode: 'closed' | 'open';
  readonly concurrency: number;
  readonly bulkSize: number;
  readonly rateOpsPerSec?: number;
  readonly measuredSec: number;
  readonly operations: readonly OperationRow[];
  readonly warmup: {
    readonly seconds: number;
    readonly calls: number;
    readonly errors: number;
    readonly throughputOpsPerSec: number;
  };
  readonly errorsByKind: Readonly<Record<string, number>>;
  readonly nodes: readonly {
    readonly node: number;
    readonly throughputOpsPerSec: number;
    readonly throughputEntriesPerSec: number;
    readonly latencyP50Ms: number;
    readonly latencyP99Ms: number;
    readonly errors: number;
    readonly cpuCoreFraction: number;
    readonly rssMaxMiB: number;
  }[];
  /** All operation types together, per wall-clock second of the measured phase. */
  readonly series: Series;
}

export interface ReportModel {
  readonly format: typeof REPORT_FORMAT;
  readonly version: 1;
  readonly runId: string;
  readonly target: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly interrupted: boolean;
  readonly nodes: readonly { readonly index: number; readonly name: string }[];
  readonly workloads: readonly WorkloadSummary[];
}

const EMPTY_SERIES: Series = {
  startEpochSec: 0,
  callsPerSec: [],
  entriesPerSec: [],
  errorsPerSec: [],
};

export function reportModel(result: LoadTestResult): ReportModel {
  return {
    format: REPORT_FORMAT,
    version: 1,
    runId: result.runId,
    target: result.target.description,
    startedAt: result.startedAt,
    finishedAt: result.finishedAt,
    interrupted: result.interrupted,
    nodes: result.nodes.map((n) => ({ index: n.index, name: n.name })),
    workloads: result.workloads.map((w) => {
      const ops = OPERATION_TYPES.flatMap((op) => {
        const s = w.measured.operations[op];
        return s ? [[op, s] as const] : [];
      });
      const errorsByKind: Record<string, number> = {};
      for (const [, s] of ops) {
        for (const [k, n] of Object.entries(s.errorsByKind))
          errorsByKind[k] = (errorsByKind[k] ?? 0) + n;
      }
      const warmOps = Object.values(w.warmup.operations);
      const warmCalls = warmOps.reduce((a, s) => a + s.calls, 0);
      return {
        name: w.name,
        status: w.status,
        ...(w.failure ? { failure: w.failure } : {}),
        mode: w.mode,
        concurrency: w.concurrency,
        bulkSize: w.bulkSize,
        ...(w.rateOpsPerSec !== undefined ? { rateOpsPerSec: w.rateOpsPerSec } : {}),
        measuredSec: w.measured.durationMs / 1000,
        operations: ops.map(([operation, s]) => ({
          operation,
          calls: s.calls,
          entries: s.entries,
          errors: s.errors,
          errorPercent: s.calls + s.errors > 0 ? (100 * s.errors) / (s.calls + s.errors) : 0,
          retries: s.retries,
          misses: s.misses,
          throughputOpsPerSec: s.throughputOpsPerSec,
          throughputEntriesPerSec: s.throughputEntriesPerSec,
          latency: s.latency,
          ...(s.serviceTime ? { serviceTime: s.serviceTime } : {}),
        })),
        warmup: {
          seconds: w.warmup.durationMs / 1000,
          calls: warmCalls,
          errors: warmOps.reduce((a, s) => a + s.errors, 0),
          throughputOpsPerSec: warmOps.reduce((a, s) => a + s.throughputOpsPerSec, 0),
        },
        errorsByKind,
        nodes: w.measured.nodes.map((n) => ({
          node: n.node,
          throughputOpsPerSec: n.throughputOpsPerSec,
          throughputEntriesPerSec: n.throughputEntriesPerSec,
          latencyP50Ms: n.latencyP50Ms,
          latencyP99Ms: n.latencyP99Ms,
          errors: n.errors,
          cpuCoreFraction: n.cpuCoreFraction,
          rssMaxMiB: n.rssMaxBytes / 2 ** 20,
        })),
        series: ops.length ? addSeries(ops.map(([, s]) => s.series)) : EMPTY_SERIES,
      };
    }),
  };
}
