import { ProtocolError, WireTypeError } from './errors';

/** Wire types of single values (Ignite's binary field types they become on the Java side). */
export type ScalarWireType =
  | 'bool'
  | 'byte'
  | 'short'
  | 'int'
  | 'long'
  | 'float'
  | 'double'
  | 'char'
  | 'string'
  | 'bytes'
  | 'uuid'
  | 'date'
  | 'timestamp'
  | 'decimal';

/**
 * How a value is written: a scalar type, a collection of a type, a binary object, or `any` (the
 * JS type decides: boolean, number → double, bigint → long, string, Buffer, Date, array → list,
 * Set, Map, plain object → map, {@link WireObject}). `array` is a list that becomes a typed Ignite
 * array (`String[]`, `long[]`) when it is a field of an object.
 */
export type WireType =
  | ScalarWireType
  | 'object'
  | 'any'
  | { readonly array: ScalarWireType }
  | { readonly list: WireType }
  | { readonly set: WireType }
  | { readonly map: readonly [WireType, WireType] };

/**
 * A user object crossing the socket: its Ignite binary type name and its fields in order, with the
 * wire type each field has (undeclared fields are written by their JS type). Field order matters:
 * Ignite compares binary keys by their bytes, so keys must list fields as the clients write them.
 */
export class WireObject {
  constructor(
    readonly typeName: string,
    /** Field values by name, in wire order (a prototype-less record). */
    readonly fields: Record<string, unknown>,
    /** Declared wire types by field name. */
    readonly types: Readonly<Record<string, WireType>> = {},
  ) {}
}

/** A record without a prototype, so any field name (even `__proto__`) is an own property. */
export function fieldRecord(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}

/** The canonical text of a 16-byte UUID. */
export function uuidToString(bytes: Buffer): string {
  const h = bytes.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The 16 bytes of a UUID string; undefined when it is not one. */
export function uuidToBytes(text: string): Buffer | undefined {
  return UUID_RE.test(text) ? Buffer.from(text.replace(/-/g, ''), 'hex') : undefined;
}

/** Minimal big-endian two's complement bytes of an integer (Java's BigInteger.toByteArray). */
export function twosComplement(v: bigint): Buffer {
  let bytes = 1;
  while (v < -(1n << BigInt(bytes * 8 - 1)) || v >= 1n << BigInt(bytes * 8 - 1)) bytes++;
  const unsigned = v < 0n ? (1n << BigInt(bytes * 8)) + v : v;
  return Buffer.from(unsigned.toString(16).padStart(bytes * 2, '0'), 'hex');
}

/** The integer of big-endian two's complement bytes. */
export function fromTwosComplement(b: Buffer): bigint {
  if (b.length === 0) return 0n;
  const v = BigInt(`0x${b.toString('hex')}`);
  return (b[0] ?? 0) & 0x80 ? v - (1n << BigInt(b.length * 8)) : v;
}

const DECIMAL_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** A decimal as Java's BigDecimal holds it: unscaled integer and scale. */
export interface DecimalParts {
  readonly unscaled: bigint;
  readonly scale: number;
}

/** Parses `-12.340`, `1E+3`, `7`: keeps the scale as written (like `new BigDecimal(String)`). */
export function parseDecimal(text: string): DecimalParts | undefined {
  const m = DECIMAL_RE.exec(text.trim());
  if (!m) return undefined;
  const [, sign = '', int = '', frac = '', exp = '0'] = m;
  if (int === '' && frac === '') return undefined;
  return { unscaled: BigInt(`${sign}${int}${frac}` || '0'), scale: frac.length - Number(exp) };
}

/** Plain decimal text (no exponent) of unscaled × 10^-scale, keeping trailing zeros of the scale. */
export function formatDecimal(unscaled: bigint, scale: number): string {
  if (scale <= 0) return (unscaled * 10n ** BigInt(-scale)).toString();
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const text = `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  return negative ? `-${text}` : text;
}

/** A decimal from what users and the store hold: a decimal string, a number or a bigint. */
export function decimalOf(v: unknown, where: string): DecimalParts {
  if (typeof v === 'bigint') return { unscaled: v, scale: 0 };
  if (typeof v === 'number' && Number.isFinite(v)) {
    const parts = parseDecimal(String(v));
    if (parts) return parts;
  }
  if (typeof v === 'string') {
    const parts = parseDecimal(v);
    if (parts) return parts;
  }
  throw new WireTypeError(
    `${where}: expected a decimal (string, finite number or bigint), got ${describe(v)}`,
  );
}

/** A short description of a value for messages. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof WireObject) return `a binary object of type ${v.typeName}`;
  if (typeof v === 'object')
    return (v as { constructor?: { name?: string } }).constructor?.name ?? 'an object';
  if (typeof v === 'string') return `string "${v.length > 30 ? `${v.slice(0, 27)}...` : v}"`;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean')
    return `${typeof v} ${v.toString()}`;
  return typeof v;
}

/** Rejects a truncated or oversized read. */
export function malformed(what: string): ProtocolError {
  return new ProtocolError(`malformed frame: ${what}`);
}
