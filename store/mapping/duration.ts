import type { types } from 'cassandra-driver';

/** The fields a driver `Duration` holds (months and days as numbers, nanoseconds as a Long). */
interface DurationFields {
  readonly months: number;
  readonly days: number;
  readonly nanoseconds: { toString(): string };
}

const UNITS: readonly (readonly [bigint, string])[] = [
  [3_600_000_000_000n, 'h'],
  [60_000_000_000n, 'm'],
  [1_000_000_000n, 's'],
  [1_000_000n, 'ms'],
  [1_000n, 'us'],
  [1n, 'ns'],
];

/**
 * The text of a CQL duration in Cassandra's unit notation (`1y11mo2d3h4m5s6ms7us8ns`, `-3d`, `0s`),
 * with integer arithmetic. The driver's own `toString()` rounds months to years (23 months read as
 * `2y11mo`) and renders zero as `''`, which it cannot parse back.
 */
export function formatDuration(d: types.Duration): string {
  const { months, days, nanoseconds } = d as unknown as DurationFields;
  const nanos = BigInt(nanoseconds.toString());
  const negative = months < 0 || days < 0 || nanos < 0n;
  const abs = (n: bigint): bigint => (n < 0n ? -n : n);
  let out = '';
  const m = abs(BigInt(months));
  if (m / 12n > 0n) out += `${m / 12n}y`;
  if (m % 12n > 0n) out += `${m % 12n}mo`;
  if (days !== 0) out += `${abs(BigInt(days))}d`;
  let rest = abs(nanos);
  for (const [size, unit] of UNITS) {
    if (rest >= size) {
      out += `${rest / size}${unit}`;
      rest %= size;
    }
  }
  if (out === '') return '0s';
  return negative ? `-${out}` : out;
}
