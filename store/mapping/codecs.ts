import { types } from 'cassandra-driver';

import { parseDecimal } from '../../common/decimal';
import { MappingError } from '../errors';
import { decimalToDriver, decimalFromDriver } from './decimal';
import { formatDuration } from './duration';
import { formatCqlType, type CqlType, type NativeCqlType } from '../settings/cql-types';

/**
 * Converts one column's values between what users pass and read, and what the driver takes and
 * returns. Reads are JSON-friendly where that is lossless: uuid, timeuuid, inet, decimal, date,
 * time and duration come back as strings; bigint and varint as JS bigint; timestamp as Date; blob
 * as Buffer; list and set as arrays; map as Map.
 */
export interface ColumnCodec {
  /**
   * Checks and converts a value for binding. `where` names the field and type for messages; pass a
   * string prepared once per field (hot path: nothing is concatenated unless a value is wrong).
   */
  toDriver(value: unknown, where: string): unknown;
  /** Converts a read value (null stays null). */
  fromDriver(value: unknown): unknown;
  /** True when both directions are the identity for well-typed input (lets hot paths skip them). */
  readonly identity: boolean;
  /** {@link ColumnCodec.toDriver} for a value known not to be null or undefined (one call, no wrapper). */
  readonly write: (value: unknown, where: string) => unknown;
  /** {@link ColumnCodec.fromDriver} for a value known not to be null; undefined when reads need no conversion. */
  readonly read: ((value: unknown) => unknown) | undefined;
}

/** How a wrong value is named in messages: its type, and the value itself when it is short. */
function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'object':
      return (value as { constructor?: { name?: string } }).constructor?.name ?? 'an object';
    case 'string':
      return `string ${value.length > 40 ? `${value.slice(0, 37)}...` : value}`;
    case 'number':
    case 'bigint':
    case 'boolean':
      return `${typeof value} ${value.toString()}`;
    default:
      return typeof value;
  }
}

function typeError(where: string, expected: string, value: unknown): MappingError {
  return new MappingError(`${where}: expected ${expected}, got ${describeValue(value)}`);
}

function fail(where: string, expected: string, value: unknown): never {
  throw typeError(where, expected, value);
}

const passthrough = (v: unknown): unknown => v;
/** Driver objects (Uuid, InetAddress, BigDecimal, LocalDate, LocalTime, Duration) render themselves. */
const toText = (v: unknown): unknown =>
  v === null || v === undefined ? null : (v as { toString(): string }).toString();

function integer(bits: number): (v: unknown, where: string) => unknown {
  const max = 2 ** (bits - 1);
  return (v, where) => {
    const n = typeof v === 'bigint' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < -max || n >= max)
      throw typeError(where, `an integer of ${bits} bits`, v);
    return n;
  };
}

/**
 * The integer a decimal string denotes exactly (`"1E+3"`, `"12.00"`), else undefined: what the
 * Ignite tier hands a varint column (its binary type is DECIMAL, and clients strip trailing zeros).
 */
function integralDecimal(text: string): bigint | undefined {
  const d = parseDecimal(text);
  // Bounded: an exponent such as E+2000000000 would build a two-billion-digit integer.
  if (!d || Math.abs(d.scale) > 10_000) return undefined;
  if (d.scale <= 0) return d.unscaled * 10n ** BigInt(-d.scale);
  const unit = 10n ** BigInt(d.scale);
  return d.unscaled % unit === 0n ? d.unscaled / unit : undefined;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function bigInteger(bounded: boolean): (v: unknown, where: string) => unknown {
  return (v, where) => {
    let b: bigint;
    if (typeof v === 'bigint') b = v;
    else if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
    else if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) b = BigInt(v.trim());
    else if (!bounded && typeof v === 'string' && integralDecimal(v) !== undefined)
      b = integralDecimal(v) as bigint;
    else if (v instanceof types.Long) b = BigInt(v.toString());
    else
      throw typeError(
        where,
        bounded ? 'a bigint or a safe integer number' : 'a bigint, integer number or digit string',
        v,
      );
    if (bounded && (b < INT64_MIN || b > INT64_MAX)) throw typeError(where, 'a 64-bit integer', v);
    return b;
  };
}

function check(
  test: (v: unknown) => boolean,
  expected: string,
): (v: unknown, where: string) => unknown {
  return (v, where) => {
    if (!test(v)) throw typeError(where, expected, v);
    return v;
  };
}

const isString = (v: unknown): boolean => typeof v === 'string';

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * Text columns take well-formed strings only: a lone surrogate (half of a UTF-16 pair) has no UTF-8
 * form, and the driver would store U+FFFD in its place without a word.
 */
/** In unicode mode a surrogate pair is one code point: only a lone half matches. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

function textWrite(v: unknown, where: string): unknown {
  if (typeof v !== 'string') return fail(where, 'a string', v);
  if (LONE_SURROGATE.test(v))
    throw new MappingError(
      `${where}: the string has a lone surrogate (half of a UTF-16 pair), which UTF-8 cannot hold; fix the text or store it as a blob`,
    );
  return v;
}

interface NativeCodec {
  write: (v: unknown, where: string) => unknown;
  read: (v: unknown) => unknown;
  identity: boolean;
}

const NATIVE: Record<NativeCqlType, NativeCodec> = {
  text: { write: textWrite, read: passthrough, identity: true },
  varchar: { write: textWrite, read: passthrough, identity: true },
  ascii: {
    write: check((v) => typeof v === 'string' && isAscii(v), 'an ASCII string'),
    read: passthrough,
    identity: true,
  },
  int: { write: integer(32), read: passthrough, identity: true },
  smallint: { write: integer(16), read: passthrough, identity: true },
  tinyint: { write: integer(8), read: passthrough, identity: true },
  bigint: { write: bigInteger(true), read: passthrough, identity: false },
  varint: { write: bigInteger(false), read: passthrough, identity: false },
  double: {
    write: (v, w) => (typeof v === 'number' ? v : fail(w, 'a number', v)),
    read: passthrough,
    identity: true,
  },
  float: {
    write: (v, w) => (typeof v === 'number' ? v : fail(w, 'a number', v)),
    read: passthrough,
    identity: true,
  },
  boolean: {
    write: (v, w) => (typeof v === 'boolean' ? v : fail(w, 'a boolean', v)),
    read: passthrough,
    identity: true,
  },
  decimal: { write: decimalToDriver, read: decimalFromDriver, identity: false },
  timestamp: {
    write: (v, where) => {
      if (v instanceof Date && !Number.isNaN(v.getTime())) return v;
      if (typeof v === 'number' || (typeof v === 'string' && !Number.isNaN(Date.parse(v))))
        return new Date(v);
      throw typeError(where, 'a Date, epoch milliseconds or an ISO date string', v);
    },
    read: passthrough,
    identity: false,
  },
  date: {
    write: check(
      (v) => isString(v) || v instanceof Date || v instanceof types.LocalDate,
      "a 'YYYY-MM-DD' string or a Date",
    ),
    read: toText,
    identity: false,
  },
  time: {
    write: check(
      (v) => isString(v) || v instanceof types.LocalTime,
      "an 'HH:MM:SS[.fffffffff]' string",
    ),
    read: toText,
    identity: false,
  },
  uuid: {
    write: check((v) => isString(v) || v instanceof types.Uuid, 'a UUID string'),
    read: toText,
    identity: false,
  },
  timeuuid: {
    write: check((v) => isString(v) || v instanceof types.TimeUuid, 'a time-based UUID string'),
    read: toText,
    identity: false,
  },
  inet: {
    write: check((v) => isString(v) || v instanceof types.InetAddress, 'an IP address string'),
    read: toText,
    identity: false,
  },
  blob: {
    write: (v, where) => {
      if (Buffer.isBuffer(v)) return v;
      if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
      throw typeError(where, 'a Buffer or Uint8Array', v);
    },
    read: passthrough,
    identity: false,
  },
  duration: {
    write: (v, where) => {
      if (v instanceof types.Duration) return v;
      if (typeof v === 'string') {
        try {
          return types.Duration.fromString(v);
        } catch {
          throw typeError(where, "a duration such as '1h30m' or 'P1DT2H'", v);
        }
      }
      throw typeError(where, "a duration string such as '1h30m'", v);
    },
    read: (v) => formatDuration(v as types.Duration),
    identity: false,
  },
};

const cache = new Map<string, ColumnCodec>();

/** `where`, for messages about a field, with its type: build once per field. */
export function describeField(where: string, type: CqlType): string {
  return `${where} (${formatCqlType(type)})`;
}

/** The codec of a column type (shared instances). */
export function codecFor(type: CqlType): ColumnCodec {
  const key = formatCqlType(type);
  let codec = cache.get(key);
  if (!codec) {
    codec = build(type);
    cache.set(key, codec);
  }
  return codec;
}

/** A codec from its non-null write and read (read undefined: values come back as they are). */
function codec(
  identity: boolean,
  write: ColumnCodec['write'],
  read: ColumnCodec['read'],
): ColumnCodec {
  return {
    identity,
    write,
    read,
    toDriver: (v, where) => (v === null || v === undefined ? null : write(v, where)),
    fromDriver: read
      ? (v) => (v === null || v === undefined ? null : read(v))
      : (v) => (v === undefined ? null : v),
  };
}

function build(type: CqlType): ColumnCodec {
  if (type.kind === 'native') {
    const n = NATIVE[type.name];
    return codec(n.identity, n.write, n.read === passthrough ? undefined : n.read);
  }
  if (type.kind !== 'map') {
    const el = NATIVE[type.element];
    const expected = type.kind === 'set' ? 'an array or a Set' : 'an array';
    return codec(
      false,
      (v, where) => {
        const items = v instanceof Set ? [...(v as Set<unknown>)] : v;
        if (!Array.isArray(items)) throw typeError(where, expected, v);
        return items.map((item, i) => {
          try {
            return el.write(item, where);
          } catch (error) {
            throw new MappingError(
              `${where}: element ${i}: ${(error as Error).message.replace(`${where}: `, '')}`,
            );
          }
        });
      },
      el.read === passthrough ? undefined : (v) => (v as unknown[]).map(el.read),
    );
  }
  const k = NATIVE[type.key];
  const val = NATIVE[type.value];
  return codec(
    false,
    (v, where) => {
      const entries =
        v instanceof Map
          ? [...(v as Map<unknown, unknown>)]
          : typeof v === 'object' && v !== null && !Array.isArray(v)
            ? Object.entries(v)
            : undefined;
      if (!entries) throw typeError(where, 'a Map or an object', v);
      return new Map(
        entries.map(([ek, ev]) => [
          k.write(ek, `${where} key`),
          val.write(ev, `${where} [${String(ek)}]`),
        ]),
      );
    },
    k.read === passthrough && val.read === passthrough
      ? undefined
      : (v) =>
          new Map([...(v as Map<unknown, unknown>)].map(([ek, ev]) => [k.read(ek), val.read(ev)])),
  );
}
