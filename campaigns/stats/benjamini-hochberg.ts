/* eslint-disable @typescript-eslint/no-non-null-assertion -- numeric kernel: every index is bounded by its loop or length check; guards would obscure the arithmetic */
import { StatisticsInputError } from '../errors';

/**
 * Benjamini–Hochberg adjusted p-values (q-values), in input order: rejecting every hypothesis
 * with q ≤ α controls the false discovery rate across the family at α. Same values as R's
 * `p.adjust(p, "BH")` and statsmodels' `fdr_bh`.
 */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  for (const p of pValues) {
    if (!(p >= 0 && p <= 1))
      throw new StatisticsInputError(`Benjamini–Hochberg: p-value ${p} is not in [0, 1]`);
  }
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const adjusted = new Array<number>(m);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const { p, i } = order[rank - 1]!;
    running = Math.min(running, (p * m) / rank);
    adjusted[i] = running;
  }
  return adjusted;
}
