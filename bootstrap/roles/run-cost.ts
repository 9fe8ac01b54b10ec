/**
 * The cost section of a cloud run's report: what the bed cost while the load test ran (its wall
 * time at the bed's hourly price, which the cloud launcher computed from the spec's instance types
 * and staged with the run) and each workload's throughput per dollar-hour. Pure; local beds have
 * no price and get no section.
 */
import type { LoadTestResult } from '../../tests-runner/results/schema';

/** The bed's price, as staged in the resolved bed by `testbed cloud up|run`. */
export interface BedPrice {
  readonly perHourUsd: number;
  /** Where the price comes from (snapshot region and date, caveats). */
  readonly basis: string;
}

/** A load test's cost figures. */
export interface RunCostSection {
  readonly wallSeconds: number;
  readonly costUsd: number;
  readonly perHourUsd: number;
  readonly basis: string;
  readonly workloads: ReadonlyArray<{
    readonly name: string;
    readonly opsPerSec: number;
    /** (ops/s) / ($/h): throughput bought by one dollar per hour of bed. */
    readonly opsPerSecPerDollarHour: number;
  }>;
}

/** The cost of `result` (from its first warm-up start to its last measured end) on a bed at `price`. */
export function runCostSection(result: LoadTestResult, price: BedPrice): RunCostSection {
  const starts = result.workloads.map((w) =>
    Math.min(w.warmup.startedAtEpochMs, w.measured.startedAtEpochMs),
  );
  const ends = result.workloads.map((w) => w.measured.endedAtEpochMs);
  const wallSeconds =
    starts.length > 0 ? Math.max(0, (Math.max(...ends) - Math.min(...starts)) / 1000) : 0;
  return {
    wallSeconds,
    costUsd: (price.perHourUsd * wallSeconds) / 3600,
    perHourUsd: price.perHourUsd,
    basis: price.basis,
    workloads: result.workloads.map((w) => {
      const opsPerSec = Object.values(w.measured.operations).reduce(
        (sum, op) => sum + op.throughputOpsPerSec,
        0,
      );
      return {
        name: w.name,
        opsPerSec,
        opsPerSecPerDollarHour: price.perHourUsd > 0 ? opsPerSec / price.perHourUsd : 0,
      };
    }),
  };
}

/** The section as Markdown, appended to the load test's report. */
export function formatRunCost(c: RunCostSection): string {
  const rows = c.workloads.map(
    (w) => `| ${w.name} | ${w.opsPerSec.toFixed(1)} | ${w.opsPerSecPerDollarHour.toFixed(1)} |`,
  );
  return [
    '## Cost',
    '',
    `This load test kept the bed busy for ${(c.wallSeconds / 60).toFixed(1)} min at $${c.perHourUsd.toFixed(3)}/h: **$${c.costUsd.toFixed(3)}** (${c.basis}).`,
    '',
    '| workload | ops/s | ops/s per $/h |',
    '|---|---:|---:|',
    ...rows,
    '',
  ].join('\n');
}
