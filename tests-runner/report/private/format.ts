/** Number formatting shared by the text and Markdown reports. */
import type { OperationRow } from '../model';

/** 1234567 → "1,234,567"; fractions to `digits`. */
export function num(value: number, digits = 0): string {
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** Milliseconds with 3 significant digits, at least to the microsecond. */
export function ms(value: number): string {
  if (value === 0) return '0';
  if (value >= 100) return num(value, 0);
  if (value >= 1) return value.toPrecision(3);
  return value.toFixed(Math.min(6, Math.max(3, 2 - Math.floor(Math.log10(value)))));
}

export function percent(value: number): string {
  return `${value.toFixed(2)}%`;
}

/** Pads cells into aligned columns (first column left, the rest right). */
export function columns(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) =>
    r
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

/** Header of the summary table every report shows. */
export const SUMMARY_HEADER: readonly string[] = [
  'workload',
  'op',
  'ops/s',
  'entries/s',
  'p50 ms',
  'p90 ms',
  'p99 ms',
  'p99.9 ms',
  'max ms',
  'errors',
  'retries',
];

/** The figures of one operation row of the summary table (after the workload and op cells). */
export function summaryFigures(o: OperationRow): string[] {
  return [
    num(o.throughputOpsPerSec),
    num(o.throughputEntriesPerSec),
    ms(o.latency.p50Ms),
    ms(o.latency.p90Ms),
    ms(o.latency.p99Ms),
    ms(o.latency.p999Ms),
    ms(o.latency.maxMs),
    o.errors ? `${num(o.errors)} (${percent(o.errorPercent)})` : '0',
    num(o.retries),
  ];
}
