import { types } from 'cassandra-driver';

import {
  decimalFromBytes,
  decimalTextProblem,
  decimalToBytes,
  formatDecimal,
  parseDecimal,
  type DecimalParts,
} from '../../common/decimal';
import { MappingError } from '../errors';

/**
 * The `decimal` column, exactly. Accepted on write:
 * - a string in plain or exponent notation (`"12.340"`, `"-1.5E+5"`, `"2.5e-3"`), kept with the
 *   scale it is written with (Java's `new BigDecimal(String)`);
 * - a bigint (scale 0);
 * - a number only when it is a safe integer (|n| ≤ 2^53 − 1; −0 is 0): any other number is refused,
 *   since a binary fraction such as 0.1 or an integer beyond 2^53 is not the decimal its text shows;
 *   pass those as strings;
 * - the driver's `types.BigDecimal`, as it is.
 *
 * Read as the canonical text of Java's `BigDecimal.toString()` (see `common/decimal.ts`): the
 * unscaled value and the scale Cassandra holds are both kept, so reading and writing back changes
 * nothing. The driver's `BigDecimal` is used only through its byte form (scale + unscaled varint):
 * its own string and number conversions lose negative scales and exponents.
 */
export function decimalToDriver(v: unknown, where: string): unknown {
  if (v instanceof types.BigDecimal) return v;
  return types.BigDecimal.fromBuffer(decimalToBytes(decimalParts(v, where)));
}

/** The canonical text of a driver `BigDecimal`. */
export function decimalFromDriver(v: unknown): unknown {
  const d = decimalFromBytes(types.BigDecimal.toBuffer(v as types.BigDecimal));
  return formatDecimal(d.unscaled, d.scale);
}

function decimalParts(v: unknown, where: string): DecimalParts {
  if (typeof v === 'string') {
    const parts = parseDecimal(v);
    if (parts) return parts;
    const shown = v.length > 40 ? `${v.slice(0, 37)}...` : v;
    throw new MappingError(
      `${where}: expected a decimal string such as "12.340" or "1.5E+5", got string "${shown}": ${decimalTextProblem(v) ?? 'unreadable'}`,
    );
  }
  if (typeof v === 'bigint') return { unscaled: v, scale: 0 };
  if (typeof v === 'number') {
    if (Number.isSafeInteger(v)) return { unscaled: BigInt(v), scale: 0 };
    throw new MappingError(
      `${where}: the number ${String(v)} is not an exact decimal (only safe integers are taken as numbers); pass it as a string such as "${Number.isFinite(v) ? String(v) : '1.5'}"`,
    );
  }
  const kind =
    v === null
      ? 'null'
      : typeof v === 'object'
        ? ((v as { constructor?: { name?: string } }).constructor?.name ?? 'an object')
        : typeof v;
  throw new MappingError(
    `${where}: expected a decimal string, a bigint or a safe integer number, got ${kind}`,
  );
}
