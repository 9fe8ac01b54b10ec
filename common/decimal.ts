/**
 * Exact decimals as Java's `java.math.BigDecimal` and Cassandra's `decimal` hold them: an unscaled
 * integer and a 32-bit scale, value = unscaled × 10^−scale. Text is parsed and formatted with
 * integer arithmetic only (no float anywhere), so every decimal survives every tier unchanged.
 *
 * The canonical text is Java's `BigDecimal.toString()`: plain notation while the scale is ≥ 0 and
 * the adjusted exponent is ≥ −6 (`"1.50"`, `"0.001"`), scientific notation otherwise (`"1E+3"` for
 * unscaled 1 with scale −3, `"1.2E-7"`). It is the one string form that keeps the scale, so
 * `parseDecimal(formatDecimal(d))` gives back `d` exactly, as `new BigDecimal(x.toString())` does
 * in Java.
 */

/** A decimal as unscaled integer and scale (value = unscaled × 10^−scale). */
export interface DecimalParts {
  readonly unscaled: bigint;
  readonly scale: number;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** Java's `BigDecimal(String)` grammar: sign, digits with an optional point, optional exponent. */
const DECIMAL_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Why a text is not a decimal; undefined when it is one. */
export function decimalTextProblem(text: string): string | undefined {
  const m = DECIMAL_RE.exec(text);
  if (!m)
    return 'not a decimal number (digits, an optional point and an optional exponent such as E+3)';
  if ((m[2] ?? '') === '' && (m[3] ?? '') === '') return 'no digits';
  const scale = (m[3] ?? '').length - Number(m[4] ?? '0');
  if (!Number.isSafeInteger(scale) || scale < INT32_MIN || scale > INT32_MAX)
    return 'its scale is outside a 32-bit integer (exponent too large)';
  return undefined;
}

/**
 * Parses decimal text exactly, keeping the scale as written (`"1.50"` → 150 scale 2, `"1E+3"` →
 * 1 scale −3, `"-2.5e-3"` → −25 scale 4), like `new BigDecimal(String)`. Undefined when the text
 * is not a decimal (no surrounding spaces, no `Infinity`/`NaN`, no hex) or its scale does not fit
 * 32 bits.
 */
export function parseDecimal(text: string): DecimalParts | undefined {
  if (decimalTextProblem(text) !== undefined) return undefined;
  const m = DECIMAL_RE.exec(text) as RegExpExecArray;
  const [, sign = '', int = '', frac = '', exp = '0'] = m;
  const unscaled = BigInt(`${int}${frac}`);
  return { unscaled: sign === '-' ? -unscaled : unscaled, scale: frac.length - Number(exp) };
}

/** Java's `BigDecimal.toString()` of unscaled × 10^−scale (see the module comment). */
export function formatDecimal(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString();
  const sign = negative ? '-' : '';
  const adjusted = digits.length - 1 - scale;
  if (scale >= 0 && adjusted >= -6) {
    if (scale === 0) return `${sign}${digits}`;
    if (digits.length > scale)
      return `${sign}${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
    return `${sign}0.${'0'.repeat(scale - digits.length)}${digits}`;
  }
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${mantissa}E${adjusted > 0 ? '+' : ''}${adjusted}`;
}

/** Java's `BigDecimal.toPlainString()`: never an exponent (a negative scale becomes zeros). */
export function formatDecimalPlain(unscaled: bigint, scale: number): string {
  if (scale <= 0) return (unscaled * 10n ** BigInt(-scale)).toString();
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const text = `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  return negative ? `-${text}` : text;
}

/** The same number without trailing zeros in the unscaled value (Java's `stripTrailingZeros()`). */
export function stripTrailingZeros(d: DecimalParts): DecimalParts {
  if (d.unscaled === 0n) return { unscaled: 0n, scale: 0 };
  let { unscaled, scale } = d;
  while (unscaled % 10n === 0n) {
    unscaled /= 10n;
    scale--;
  }
  return { unscaled, scale };
}

/** Numerical equality (Java's `compareTo() == 0`): `1E+3` equals `1000.00`; any scale, no big powers. */
export function decimalsEqual(a: DecimalParts, b: DecimalParts): boolean {
  const x = stripTrailingZeros(a);
  const y = stripTrailingZeros(b);
  return x.unscaled === y.unscaled && x.scale === y.scale;
}

/** Minimal big-endian two's complement bytes of an integer (Java's `BigInteger.toByteArray()`). */
export function twosComplement(v: bigint): Buffer {
  let bytes = 1;
  while (v < -(1n << BigInt(bytes * 8 - 1)) || v >= 1n << BigInt(bytes * 8 - 1)) bytes++;
  const unsigned = v < 0n ? (1n << BigInt(bytes * 8)) + v : v;
  return Buffer.from(unsigned.toString(16).padStart(bytes * 2, '0'), 'hex');
}

/** The integer of big-endian two's complement bytes (empty: 0). */
export function fromTwosComplement(b: Buffer): bigint {
  if (b.length === 0) return 0n;
  const v = BigInt(`0x${b.toString('hex')}`);
  return (b[0] ?? 0) & 0x80 ? v - (1n << BigInt(b.length * 8)) : v;
}

/** Cassandra's `decimal` serialization: the scale as int32 big-endian, then the unscaled varint. */
export function decimalToBytes(d: DecimalParts): Buffer {
  const head = Buffer.alloc(4);
  head.writeInt32BE(d.scale, 0);
  return Buffer.concat([head, twosComplement(d.unscaled)]);
}

/** The inverse of {@link decimalToBytes}. */
export function decimalFromBytes(b: Buffer): DecimalParts {
  return { scale: b.readInt32BE(0), unscaled: fromTwosComplement(b.subarray(4)) };
}
