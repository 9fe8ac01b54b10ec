import { formatRunCost, runCostSection } from '../../bootstrap/roles/run-cost';
import type { LoadTestResult } from '../../tests-runner/results/schema';

/** Only the fields the cost section reads; the rest of a result does not matter here. */
function result(
  workloads: Array<{
    name: string;
    warmupStart: number;
    start: number;
    end: number;
    ops: number[];
  }>,
): LoadTestResult {
  return {
    workloads: workloads.map((w) => ({
      name: w.name,
      warmup: { startedAtEpochMs: w.warmupStart },
      measured: {
        startedAtEpochMs: w.start,
        endedAtEpochMs: w.end,
        operations: Object.fromEntries(w.ops.map((o, i) => [`op${i}`, { throughputOpsPerSec: o }])),
      },
    })),
  } as unknown as LoadTestResult;
}

const price = { perHourUsd: 2, basis: 'USD prices of us-east-1 on 2026-11-24' };

it('charges the bed for the load test wall time, first warm-up to last measured end', () => {
  const c = runCostSection(
    result([
      { name: 'WRITE', warmupStart: 1_000, start: 31_000, end: 331_000, ops: [1000] },
      { name: 'READ', warmupStart: 331_000, start: 361_000, end: 1_801_000, ops: [3000, 1000] },
    ]),
    price,
  );
  expect(c.wallSeconds).toBe(1800);
  expect(c.costUsd).toBeCloseTo(1.0, 10);
  expect(c.workloads).toEqual([
    { name: 'WRITE', opsPerSec: 1000, opsPerSecPerDollarHour: 500 },
    { name: 'READ', opsPerSec: 4000, opsPerSecPerDollarHour: 2000 },
  ]);
});

it('renders a Markdown section with the total, the basis and one row per workload', () => {
  const md = formatRunCost(
    runCostSection(
      result([{ name: 'WRITE', warmupStart: 0, start: 0, end: 360_000, ops: [250] }]),
      price,
    ),
  );
  expect(md).toContain('## Cost');
  expect(md).toContain('6.0 min at $2.000/h: **$0.200** (USD prices of us-east-1 on 2026-11-24)');
  expect(md).toContain('| WRITE | 250.0 | 125.0 |');
});

it('gives zero per-dollar figures for a free bed and zero time for an empty result', () => {
  const c = runCostSection(result([]), { perHourUsd: 0, basis: 'none' });
  expect(c).toMatchObject({ wallSeconds: 0, costUsd: 0, workloads: [] });
  const free = runCostSection(
    result([{ name: 'READ', warmupStart: 0, start: 0, end: 1000, ops: [10] }]),
    { perHourUsd: 0, basis: 'none' },
  );
  expect(free.workloads[0]?.opsPerSecPerDollarHour).toBe(0);
});
