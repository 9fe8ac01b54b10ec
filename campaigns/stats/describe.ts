/* eslint-disable @typescript-eslint/no-non-null-assertion -- numeric kernel: every index is bounded by its loop or length check; guards would obscure the arithmetic */
import { StatisticsInputError } from '../errors';

function checked(values: readonly number[], what: string): readonly number[] {
  if (values.length === 0) throw new StatisticsInputError(`${what}: no values`);
  for (const v of values) {
    if (!Number.isFinite(v)) throw new StatisticsInputError(`${what}: non-finite value ${v}`);
  }
  return values;
}

/** Arithmetic mean. */
export function mean(values: readonly number[]): number {
  checked(values, 'mean');
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Sample standard deviation (n − 1); 0 for a single value. */
export function sampleStdDev(values: readonly number[]): number {
  checked(values, 'standard deviation');
  if (values.length < 2) return 0;
  const m = mean(values);
  let squares = 0;
  for (const v of values) squares += (v - m) ** 2;
  return Math.sqrt(squares / (values.length - 1));
}

/**
 * Run-to-run coefficient of variation: sample standard deviation over the mean, as a fraction
 * (0.02 = 2%). `undefined` with fewer than two values or a zero mean, where it means nothing.
 */
export function coefficientOfVariation(values: readonly number[]): number | undefined {
  if (values.length < 2) return undefined;
  const m = mean(values);
  if (m === 0) return undefined;
  return sampleStdDev(values) / Math.abs(m);
}

/** Median (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  checked(values, 'median');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
