/** Shared number formatting of the campaign reports. */
export const pct = (v: number | undefined, digits = 1): string =>
  v === undefined || !Number.isFinite(v)
    ? '–'
    : `${v >= 0 ? '+' : ''}${(100 * v).toFixed(digits)}%`;

export const plainPct = (v: number | undefined, digits = 1): string =>
  v === undefined || !Number.isFinite(v) ? '–' : `${(100 * v).toFixed(digits)}%`;

export const pv = (v: number | undefined): string =>
  v === undefined ? '–' : v < 0.0001 ? v.toExponential(1) : v.toFixed(4);
