import { benjaminiHochberg } from '../../campaigns/stats/benjamini-hochberg';
import { coefficientOfVariation, median } from '../../campaigns/stats/describe';
import { mannWhitneyLess, midranks } from '../../campaigns/stats/mann-whitney';
import {
  permutationTestLess,
  smallestAttainablePValue,
  winsorizedPermutationTestLess,
} from '../../campaigns/stats/permutation';
import { seededRng } from '../../campaigns/stats/rng';
import { StatisticsInputError } from '../../campaigns/errors';

/** Brute force: share of |x|-subsets of the pooled midranks whose sum is ≤ the observed one. */
function bruteForceRankP(x: number[], y: number[]): number {
  const ranks = midranks([...x, ...y]);
  const observed = ranks.slice(0, x.length).reduce((a, b) => a + b, 0);
  let hits = 0;
  let total = 0;
  const walk = (from: number, left: number, sum: number): void => {
    if (left === 0) {
      total++;
      if (sum <= observed + 1e-9) hits++;
      return;
    }
    for (let i = from; i <= ranks.length - left; i++) walk(i + 1, left - 1, sum + ranks[i]!);
  };
  walk(0, x.length, 0);
  return hits / total;
}

describe('midranks', () => {
  it('gives tied values the mean of their ranks', () => {
    expect(midranks([3, 1, 2, 2, 5])).toEqual([4, 1, 2.5, 2.5, 5]);
  });
});

describe('Mann–Whitney U (one-sided, x smaller)', () => {
  it('matches scipy exact p without ties', () => {
    // scipy.stats.mannwhitneyu(x, y, alternative='less', method='exact') = 1/286 (U = 0)
    const r = mannWhitneyLess(
      [0.95, 0.96, 0.965],
      [1.0, 1.01, 0.99, 0.98, 1.02, 1.03, 0.97, 1.005, 0.995, 1.015],
    );
    expect(r.method).toBe('exact');
    expect(r.u).toBe(0);
    expect(r.pValue).toBeCloseTo(1 / 286, 12);
  });

  it('is exact with ties: the permutation distribution of midranks (scipy exact ignores ties: 0.0333)', () => {
    const x = [1, 2, 2, 3];
    const y = [2, 3, 3, 4, 5, 5];
    const r = mannWhitneyLess(x, y);
    expect(r.u).toBe(3);
    expect(r.ties).toBe(true);
    expect(r.pValue).toBeCloseTo(bruteForceRankP(x, y), 12);
    expect(r.pValue).toBeCloseTo(0.047619047619047616, 12);
  });

  it('agrees with brute-force enumeration on random tied samples', () => {
    const rng = seededRng(11);
    for (let trial = 0; trial < 40; trial++) {
      const x = Array.from({ length: 1 + rng.int(4) }, () => rng.int(6));
      const y = Array.from({ length: 3 + rng.int(9) }, () => rng.int(6));
      expect(mannWhitneyLess(x, y).pValue).toBeCloseTo(bruteForceRankP(x, y), 10);
    }
  });

  it('uses the tie-corrected normal approximation with continuity correction for large samples (scipy asymptotic)', () => {
    const x = Array.from({ length: 60 }, (_, i) => ((i * 7919) % 101) / 10);
    const y = Array.from({ length: 80 }, (_, i) => ((i * 104729) % 97) / 10 + 1);
    const r = mannWhitneyLess(x, y);
    expect(r.method).toBe('normal-approximation');
    expect(r.u).toBe(2044);
    expect(r.pValue).toBeCloseTo(0.06719743770221125, 9);
  });

  it('fails if a sample is empty or holds NaN', () => {
    expect(() => mannWhitneyLess([], [1, 2])).toThrow(StatisticsInputError);
    expect(() => mannWhitneyLess([1, Number.NaN], [1, 2])).toThrow(/non-finite/);
  });
});

describe('permutation tests', () => {
  it('enumerates every relabelling exactly', () => {
    // 3 of 6: 20 subsets; {1,2,3} is the only one with sum ≤ 6.
    const r = permutationTestLess([1, 2, 3], [4, 5, 6]);
    expect(r.method).toBe('exact-enumeration');
    expect(r.pValue).toBeCloseTo(1 / 20, 12);
    expect(r.meanDifference).toBeCloseTo(-3, 12);
  });

  it('falls back to a seeded Monte Carlo estimate for large samples and needs an Rng for it', () => {
    const x = Array.from({ length: 30 }, (_, i) => i);
    const y = Array.from({ length: 30 }, (_, i) => i + 5);
    expect(() => permutationTestLess(x, y)).toThrow(/seeded Rng/);
    const a = permutationTestLess(x, y, seededRng(1));
    const b = permutationTestLess(x, y, seededRng(1));
    expect(a.method).toBe('monte-carlo');
    expect(a.pValue).toBe(b.pValue);
    expect(a.pValue).toBeLessThan(0.05);
  });

  it('winsorizing keeps one bad baseline run from hiding a drop', () => {
    const baseline = [1.0, 1.01, 0.99, 1.02, 0.98, 1.0, 1.01, 0.99, 1.0, 1.02, 0.98, 1.0, 0.6];
    const tonight = [0.95, 0.955, 0.945];
    expect(permutationTestLess(tonight, baseline).pValue).toBeGreaterThan(0.01);
    expect(winsorizedPermutationTestLess(tonight, baseline).pValue).toBeLessThanOrEqual(0.01);
  });

  it('states the smallest attainable p: 1 / C(n + k, k)', () => {
    expect(smallestAttainablePValue(1, 20)).toBeCloseTo(1 / 21, 12);
    expect(smallestAttainablePValue(3, 20)).toBeCloseTo(1 / 1771, 12);
  });
});

describe('Benjamini–Hochberg', () => {
  it('matches R p.adjust(method = "BH")', () => {
    // p.adjust(c(0.01, 0.04, 0.03, 0.005, 0.2), "BH") = 0.025 0.05 0.05 0.025 0.2
    const q = benjaminiHochberg([0.01, 0.04, 0.03, 0.005, 0.2]);
    [0.025, 0.05, 0.05, 0.025, 0.2].forEach((v, i) => {
      expect(q[i]).toBeCloseTo(v, 12);
    });
  });

  it('fails if a p-value is outside [0, 1]', () => {
    expect(() => benjaminiHochberg([0.5, 1.5])).toThrow(/not in \[0, 1\]/);
  });
});

describe('describe', () => {
  it('states the coefficient of variation as sample sd / mean', () => {
    expect(coefficientOfVariation([98, 100, 102])).toBeCloseTo(2 / 100, 12);
    expect(coefficientOfVariation([5])).toBeUndefined();
    expect(median([3, 1, 2, 10])).toBe(2.5);
  });
});
