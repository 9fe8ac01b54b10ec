/* eslint-disable @typescript-eslint/no-non-null-assertion -- numeric kernel: every index is bounded by its loop or length check; guards would obscure the arithmetic */
import { jStat } from 'jstat';

import { StatisticsInputError } from '../errors';

/** How a one-sided p-value was obtained. */
export type PValueMethod = 'exact' | 'normal-approximation' | 'exact-enumeration' | 'monte-carlo';

/** Result of a one-sided Mann–Whitney U test of "x tends to be smaller than y". */
export interface MannWhitneyResult {
  /** U of x: pairs with x > y, plus half the ties (scipy's U1). Small U means x is smaller. */
  readonly u: number;
  /** P(U ≤ observed U) under H0 (x and y exchangeable), conditional on the tie pattern. */
  readonly pValue: number;
  readonly method: PValueMethod;
  /** Whether the pooled sample had tied values (the exact distribution accounts for them). */
  readonly ties: boolean;
}

/** Upper bound on DP cells (values × |x| × doubled rank sums) before the normal approximation is used. */
const EXACT_WORK_LIMIT = 50_000_000;

/** Midranks (1-based; tied values share the mean of their ranks) of `values`, in input order. */
export function midranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const ranks = new Array<number>(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start + 1;
    while (end < order.length && order[end]!.v === order[start]!.v) end++;
    const rank = (start + 1 + end) / 2;
    for (let j = start; j < end; j++) ranks[order[j]!.i] = rank;
    start = end;
  }
  return ranks;
}

function validate(values: readonly number[], what: string): void {
  if (values.length === 0) throw new StatisticsInputError(`Mann–Whitney: ${what} is empty`);
  for (const v of values) {
    if (!Number.isFinite(v)) {
      throw new StatisticsInputError(`Mann–Whitney: ${what} holds a non-finite value (${v})`);
    }
  }
}

/**
 * P(rank sum of a random |x|-subset ≤ observed) by counting subsets of the pooled midranks:
 * the exact permutation distribution, ties included (midranks doubled to integers).
 */
function exactLowerTail(doubledRanks: readonly number[], k: number, observed: number): number {
  const maxSum = doubledRanks.reduce((a, b) => a + b, 0);
  // ways[j][s]: number of j-subsets of the values seen so far with doubled rank sum s.
  const ways: Float64Array[] = Array.from({ length: k + 1 }, () => new Float64Array(maxSum + 1));
  ways[0]![0] = 1;
  let seen = 0;
  for (const r of doubledRanks) {
    seen += r;
    for (let j = Math.min(k, doubledRanks.length); j >= 1; j--) {
      const into = ways[j]!;
      const from = ways[j - 1]!;
      for (let s = seen; s >= r; s--) into[s] = into[s]! + from[s - r]!;
    }
  }
  let below = 0;
  let total = 0;
  const last = ways[k]!;
  for (let s = 0; s <= maxSum; s++) {
    total += last[s]!;
    if (s <= observed) below += last[s]!;
  }
  return below / total;
}

/**
 * One-sided Mann–Whitney U test that `x` is stochastically smaller than `y`. The p-value is exact
 * (the permutation distribution of midrank sums, so ties are handled exactly) while that is
 * affordable, otherwise the normal approximation with tie correction and continuity correction
 * (as scipy.stats.mannwhitneyu with method='asymptotic').
 */
export function mannWhitneyLess(x: readonly number[], y: readonly number[]): MannWhitneyResult {
  validate(x, 'the first sample');
  validate(y, 'the second sample');
  const n1 = x.length;
  const n2 = y.length;
  const pooled = [...x, ...y];
  const ranks = midranks(pooled);
  let rankSumX = 0;
  for (let i = 0; i < n1; i++) rankSumX += ranks[i]!;
  const u = rankSumX - (n1 * (n1 + 1)) / 2;

  const counts = new Map<number, number>();
  for (const v of pooled) counts.set(v, (counts.get(v) ?? 0) + 1);
  let tieTerm = 0;
  for (const t of counts.values()) tieTerm += t ** 3 - t;
  const ties = tieTerm > 0;

  const n = n1 + n2;
  const doubledTotal = n * (n + 1);
  if (n * n1 * doubledTotal <= EXACT_WORK_LIMIT) {
    const doubled = ranks.map((r) => Math.round(2 * r));
    const pValue = exactLowerTail(doubled, n1, Math.round(2 * rankSumX));
    return { u, pValue: Math.min(1, pValue), method: 'exact', ties };
  }
  const mu = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (variance <= 0) return { u, pValue: 1, method: 'normal-approximation', ties };
  const z = (u + 0.5 - mu) / Math.sqrt(variance);
  return {
    u,
    pValue: Math.min(1, jStat.normal.cdf(z, 0, 1)),
    method: 'normal-approximation',
    ties,
  };
}
