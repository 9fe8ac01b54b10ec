/* eslint-disable @typescript-eslint/no-non-null-assertion -- numeric kernel: every index is bounded by its loop or length check; guards would obscure the arithmetic */
import { StatisticsInputError } from '../errors';
import type { PValueMethod } from './mann-whitney';
import type { Rng } from './rng';

/** Result of a one-sided permutation test of "x has a smaller mean than y". */
export interface PermutationResult {
  /** mean(x) − mean(y). */
  readonly meanDifference: number;
  /** Share of relabellings whose x-sum is ≤ the observed one (exact), or (1 + hits) / (1 + draws). */
  readonly pValue: number;
  readonly method: PValueMethod;
}

/** Relabellings enumerated exactly up to this count; beyond it, {@link MONTE_CARLO_DRAWS} random ones. */
const ENUMERATION_LIMIT = 200_000;
const MONTE_CARLO_DRAWS = 20_000;

function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}

/**
 * One-sided two-sample permutation test on the difference of means, H1: `x` is smaller. Exact
 * (every |x|-subset of the pooled values) when there are at most 200 000 subsets; otherwise a
 * Monte Carlo estimate from `rng`, which must then be given.
 */
export function permutationTestLess(
  x: readonly number[],
  y: readonly number[],
  rng?: Rng,
): PermutationResult {
  if (x.length === 0 || y.length === 0) {
    throw new StatisticsInputError('permutation test: both samples need at least one value');
  }
  const pooled = [...x, ...y];
  if (pooled.some((v) => !Number.isFinite(v))) {
    throw new StatisticsInputError('permutation test: a sample holds a non-finite value');
  }
  const k = x.length;
  const observed = x.reduce((a, b) => a + b, 0);
  const total = pooled.reduce((a, b) => a + b, 0);
  const meanDifference = observed / k - (total - observed) / y.length;
  // Sums equal to the observed one up to rounding count as "as extreme".
  const tolerance = 1e-9 * Math.max(1, Math.abs(total));
  const n = pooled.length;
  if (binomial(n, k) <= ENUMERATION_LIMIT) {
    let hits = 0;
    let count = 0;
    const choose = (from: number, left: number, sum: number): void => {
      if (left === 0) {
        count++;
        if (sum <= observed + tolerance) hits++;
        return;
      }
      for (let i = from; i <= n - left; i++) choose(i + 1, left - 1, sum + pooled[i]!);
    };
    choose(0, k, 0);
    return { meanDifference, pValue: hits / count, method: 'exact-enumeration' };
  }
  if (!rng) {
    throw new StatisticsInputError(
      `permutation test: ${n} values in groups of ${k} need a Monte Carlo p-value; pass a seeded Rng`,
    );
  }
  const work = [...pooled];
  let hits = 0;
  for (let draw = 0; draw < MONTE_CARLO_DRAWS; draw++) {
    let sum = 0;
    // Partial Fisher–Yates: the first k slots become a uniform random k-subset.
    for (let i = 0; i < k; i++) {
      const j = i + rng.int(n - i);
      const tmp = work[i]!;
      work[i] = work[j]!;
      work[j] = tmp;
      sum += work[i]!;
    }
    if (sum <= observed + tolerance) hits++;
  }
  return {
    meanDifference,
    pValue: (1 + hits) / (1 + MONTE_CARLO_DRAWS),
    method: 'monte-carlo',
  };
}

/** Median of a non-empty array (local: keeps this file free of a cycle with describe.ts). */
function middle(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * {@link permutationTestLess} on values winsorized at median ± `clampAt` robust standard deviations
 * (1.4826 × MAD) of the pooled sample. The clamp is a function of the pooled values only, so the
 * test stays exact under exchangeability, while one bad run (a noisy neighbour, a slow disk) in the
 * baseline or tonight no longer dominates the mean. With no spread (MAD 0) nothing is clamped.
 */
export function winsorizedPermutationTestLess(
  x: readonly number[],
  y: readonly number[],
  clampAt = 2.5,
  rng?: Rng,
): PermutationResult {
  const pooled = [...x, ...y];
  if (pooled.length === 0)
    throw new StatisticsInputError('permutation test: both samples are empty');
  const center = middle(pooled);
  const spread = 1.4826 * middle(pooled.map((v) => Math.abs(v - center)));
  const clamp = (v: number): number =>
    spread > 0 ? Math.min(center + clampAt * spread, Math.max(center - clampAt * spread, v)) : v;
  const result = permutationTestLess(x.map(clamp), y.map(clamp), rng);
  // Report the difference of the raw means; the p-value is the clamped test's.
  const raw = x.reduce((a, b) => a + b, 0) / x.length - y.reduce((a, b) => a + b, 0) / y.length;
  return { ...result, meanDifference: raw };
}

/** The smallest one-sided p-value a rank or permutation test of k values against n can give: 1 / C(n + k, k). */
export function smallestAttainablePValue(k: number, n: number): number {
  return 1 / binomial(n + k, k);
}
