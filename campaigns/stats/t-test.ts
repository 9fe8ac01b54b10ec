import { jStat } from 'jstat';

/** Means, spreads and the two-sided p-value of the split at a change point. */
export interface SplitStats {
  readonly meanBefore: number;
  readonly meanAfter: number;
  /** Population standard deviations (ddof 0), as Otava computes them. */
  readonly stdDevBefore: number;
  readonly stdDevAfter: number;
  readonly pValue: number;
}

function populationStats(values: readonly number[]): { mean: number; std: number } {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  if (values.length < 2) return { mean, std: 0 };
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  return { mean, std: Math.sqrt(squares / values.length) };
}

/**
 * Two-sided Student t-test (pooled variance) between the values before and after a split, exactly
 * as Otava's TTestSignificanceTester: population standard deviations fed to the pooled formula
 * (scipy's ttest_ind_from_stats), p = 1 when both sides hold a single value. Where scipy would
 * return NaN (both sides constant and equal) the p-value is 1: no evidence of a change.
 */
export function splitTTest(before: readonly number[], after: readonly number[]): SplitStats {
  const l = populationStats(before);
  const r = populationStats(after);
  const n1 = before.length;
  const n2 = after.length;
  let pValue = 1;
  if (n1 + n2 > 2) {
    const df = n1 + n2 - 2;
    const pooled = ((n1 - 1) * l.std ** 2 + (n2 - 1) * r.std ** 2) / df;
    const denominator = Math.sqrt(pooled * (1 / n1 + 1 / n2));
    if (denominator === 0) {
      pValue = l.mean === r.mean ? 1 : 0;
    } else {
      const t = (l.mean - r.mean) / denominator;
      pValue = Math.min(1, 2 * jStat.studentt.cdf(-Math.abs(t), df));
    }
  }
  return {
    meanBefore: l.mean,
    meanAfter: r.mean,
    stdDevBefore: l.std,
    stdDevAfter: r.std,
    pValue,
  };
}

/** Otava's change magnitude: the larger of the forward and backward relative changes of the mean. */
export function changeMagnitude(stats: SplitStats): number {
  const forward = stats.meanBefore === 0 ? 0 : stats.meanAfter / stats.meanBefore - 1;
  const backward = stats.meanAfter === 0 ? 0 : stats.meanBefore / stats.meanAfter - 1;
  return Math.max(Math.abs(forward), Math.abs(backward));
}
