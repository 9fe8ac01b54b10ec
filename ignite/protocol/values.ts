import {
  formatDecimal as formatExact,
  parseDecimal as parseExact,
  type DecimalParts,
} from '../../common/decimal';
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

export { fromTwosComplement, twosComplement, type DecimalParts } from '../../common/decimal';

/**
 * Parses decimal text exactly, keeping the scale as written (Java's `new BigDecimal(String)`):
 * `-12.340`, `1E+3`, `7`. Undefined when it is not a decimal.
 */
export function parseDecimal(text: string): DecimalParts | undefined {
  return parseExact(text);
}

/**
 * The canonical text of unscaled × 10^−scale: Java's `BigDecimal.toString()`, which keeps the
 * scale (`1E+3` for unscaled 1, scale −3; `-12.340`), so a decimal crosses the bridge unchanged.
 */
export function formatDecimal(unscaled: bigint, scale: number): string {
  return formatExact(unscaled, scale);
}

/**
 * A decimal from what users and the store hold: a decimal string (plain or exponent notation), a
 * bigint, or a number that is a safe integer. Other numbers are refused: a binary fraction is not
 * the decimal its text shows (the same rule as the store's `decimal` column).
 */
export function decimalOf(v: unknown, where: string): DecimalParts {
  if (typeof v === 'bigint') return { unscaled: v, scale: 0 };
  if (typeof v === 'number' && Number.isSafeInteger(v)) return { unscaled: BigInt(v), scale: 0 };
  if (typeof v === 'string') {
    const parts = parseExact(v);
    if (parts) return parts;
  }
  throw new WireTypeError(
    `${where}: expected a decimal (a string such as "12.340" or "1E+3", a bigint or a safe integer number), got ${describe(v)}`,
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
