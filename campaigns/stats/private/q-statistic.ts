/* eslint-disable @typescript-eslint/no-non-null-assertion -- numeric kernel: every index is bounded by its loop or length check; guards would obscure the arithmetic */
/**
 * The e-divisive Q statistic (Matteson & James 2014, α = 1, i.e. absolute differences) over one
 * window of a series, with the pairwise-distance sums kept as column prefix sums so that every
 * (τ, κ) pair of an interval costs O(1).
 */
export class QStatistic {
  /** colPrefix[c][r] = Σ_{i<r} |z_i − z_c|. */
  private readonly colPrefix: Float64Array[];

  constructor(private readonly z: readonly number[]) {
    const n = z.length;
    this.colPrefix = Array.from({ length: n }, (_, c) => {
      const prefix = new Float64Array(n + 1);
      for (let r = 0; r < n; r++) prefix[r + 1] = prefix[r]! + Math.abs(z[r]! - z[c]!);
      return prefix;
    });
  }

  get length(): number {
    return this.z.length;
  }

  /** Σ_{from ≤ i < to} |z_i − z_c|. */
  private column(c: number, from: number, to: number): number {
    const prefix = this.colPrefix[c]!;
    return prefix[to]! - prefix[from]!;
  }

  /**
   * The best split of `z[start:end]`: τ maximising Q(z[start:τ], z[τ:κ]) over start < τ < κ ≤ end.
   * Pairs are scanned τ-major, κ-minor and the first maximum wins, the order numpy's argmax uses
   * in Otava, so equal maxima resolve the same way.
   */
  bestSplit(start: number, end: number): { index: number; qhat: number } {
    let bestIndex = start + 1;
    let bestQ = -Infinity;
    let withinX = 0; // Σ over pairs inside z[start:τ]
    for (let tau = start + 1; tau < end; tau++) {
      withinX += this.column(tau - 1, start, tau - 1);
      const n = tau - start;
      let between = 0;
      let withinY = 0;
      for (let kappa = tau + 1; kappa <= end; kappa++) {
        const added = kappa - 1;
        between += this.column(added, start, tau);
        withinY += this.column(added, tau, added);
        const m = kappa - tau;
        const q =
          (2 / (m + n)) * between -
          (n > 1 ? ((2 * m) / ((m + n) * (n - 1))) * withinX : 0) -
          (m > 1 ? ((2 * n) / ((m + n) * (m - 1))) * withinY : 0);
        if (q > bestQ) {
          bestQ = q;
          bestIndex = tau;
        }
      }
    }
    return { index: bestIndex, qhat: bestQ };
  }
}
