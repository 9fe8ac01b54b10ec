import { ARRAY_OF, MAX_FRAME_BYTES, Tag } from './constants';
import { ProtocolError, WireTypeError } from './errors';
import {
  decimalOf,
  describe,
  twosComplement,
  uuidToBytes,
  WireObject,
  type ScalarWireType,
  type WireType,
} from './values';

const INT_RANGES: Readonly<Record<'byte' | 'short' | 'int', readonly [number, number]>> = {
  byte: [-128, 127],
  short: [-32768, 32767],
  int: [-2147483648, 2147483647],
};
const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

/** The tag a declared field type gets on the wire. */
export function tagOfType(type: WireType): number {
  if (typeof type === 'object') {
    if ('array' in type) return ARRAY_OF | SCALAR_TAGS[type.array];
    return 'list' in type ? Tag.LIST : 'set' in type ? Tag.SET : Tag.MAP;
  }
  switch (type) {
    case 'any':
      return Tag.NULL;
    case 'object':
      return Tag.OBJECT;
    default:
      return SCALAR_TAGS[type];
  }
}

const SCALAR_TAGS: Readonly<Record<ScalarWireType, number>> = {
  bool: Tag.BOOL,
  byte: Tag.BYTE,
  short: Tag.SHORT,
  int: Tag.INT,
  long: Tag.LONG,
  float: Tag.FLOAT,
  double: Tag.DOUBLE,
  char: Tag.CHAR,
  string: Tag.STRING,
  bytes: Tag.BYTES,
  uuid: Tag.UUID,
  date: Tag.DATE,
  timestamp: Tag.TIMESTAMP,
  decimal: Tag.DECIMAL,
};

/**
 * Writes one frame (big-endian, as PROTOCOL.md specifies) into a growable buffer. Values are written
 * as the wire type asked for, converting what converts losslessly and refusing anything else with
 * a {@link WireTypeError} that names where the value sits.
 */
export class WireWriter {
  private buf: Buffer;
  private pos = 0;

  private constructor(capacity: number) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  /** A frame: length prefix (filled by {@link WireWriter.finish}), code (op or status), request id. */
  static frame(code: number, requestId: number, capacity = 256): WireWriter {
    const w = new WireWriter(Math.max(capacity, 16));
    w.pos = 4;
    return w.u8(code).u32(requestId);
  }

  /** A writer without frame header, for test vectors. */
  static bare(): WireWriter {
    return new WireWriter(64);
  }

  /** Fills the length prefix and returns the frame. */
  finish(): Buffer {
    const length = this.pos - 4;
    if (length > MAX_FRAME_BYTES) {
      throw new ProtocolError(
        `a response of ${length} bytes exceeds the protocol's frame limit of ${MAX_FRAME_BYTES} bytes`,
        { hint: 'Load fewer keys per loadAll, or smaller loadCache chunks.' },
      );
    }
    this.buf.writeUInt32BE(length, 0);
    return this.buf.subarray(0, this.pos);
  }

  /** What was written (bare writers). */
  bytes(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }

  get size(): number {
    return this.pos;
  }

  private ensure(more: number): void {
    if (this.pos + more <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + more));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  u8(v: number): this {
    this.ensure(1);
    this.buf[this.pos++] = v & 0xff;
    return this;
  }

  u16(v: number): this {
    this.ensure(2);
    this.buf.writeUInt16BE(v & 0xffff, this.pos);
    this.pos += 2;
    return this;
  }

  i32(v: number): this {
    this.ensure(4);
    this.buf.writeInt32BE(v, this.pos);
    this.pos += 4;
    return this;
  }

  u32(v: number): this {
    this.ensure(4);
    this.buf.writeUInt32BE(v >>> 0, this.pos);
    this.pos += 4;
    return this;
  }

  /** Overwrites a u32 written earlier at `offset` (a count known only at the end). */
  patchU32(offset: number, v: number): this {
    this.buf.writeUInt32BE(v >>> 0, offset);
    return this;
  }

  i64(v: bigint): this {
    this.ensure(8);
    this.buf.writeBigInt64BE(v, this.pos);
    this.pos += 8;
    return this;
  }

  bool(v: boolean): this {
    return this.u8(v ? 1 : 0);
  }

  /** UTF-8 with a u32 byte length. */
  str(s: string): this {
    const n = Buffer.byteLength(s, 'utf8');
    this.ensure(4 + n);
    this.buf.writeUInt32BE(n, this.pos);
    this.buf.write(s, this.pos + 4, n, 'utf8');
    this.pos += 4 + n;
    return this;
  }

  /** A string that may be absent: presence byte, then the string. */
  optStr(s: string | undefined | null): this {
    return s === undefined || s === null ? this.u8(0) : this.u8(1).str(s);
  }

  /** Bytes with a u32 length. */
  blob(b: Uint8Array): this {
    this.ensure(4 + b.length);
    this.buf.writeUInt32BE(b.length, this.pos);
    this.buf.set(b, this.pos + 4);
    this.pos += 4 + b.length;
    return this;
  }

  /**
   * A tagged value of the given wire type (`any`: by its JS type). `where` names the value in
   * error messages ("value", "field age of com.acme.Person").
   */
  value(v: unknown, type: WireType = 'any', where = 'value'): this {
    if (v === null || v === undefined) return this.u8(Tag.NULL);
    if (typeof type === 'object') return this.composite(v, type, where);
    switch (type) {
      case 'any':
        return this.inferred(v, where);
      case 'object':
        if (!(v instanceof WireObject)) throw mismatch(where, 'a binary object', v);
        return this.object(v, where);
      case 'bool':
        if (typeof v !== 'boolean') throw mismatch(where, 'a boolean', v);
        return this.u8(Tag.BOOL).bool(v);
      case 'byte':
      case 'short':
      case 'int': {
        const [min, max] = INT_RANGES[type];
        const n = typeof v === 'bigint' ? Number(v) : v;
        if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max)
          throw mismatch(where, `an integer from ${min} to ${max} (${type})`, v);
        if (type === 'byte') return this.u8(Tag.BYTE).u8(n);
        if (type === 'short') return this.u8(Tag.SHORT).u16(n);
        return this.u8(Tag.INT).i32(n);
      }
      case 'long': {
        const b =
          typeof v === 'bigint'
            ? v
            : typeof v === 'number' && Number.isSafeInteger(v)
              ? BigInt(v)
              : typeof v === 'string' && /^-?\d+$/.test(v)
                ? BigInt(v)
                : undefined;
        if (b === undefined || b < I64_MIN || b > I64_MAX)
          throw mismatch(where, 'a 64-bit integer (bigint or safe integer)', v);
        return this.u8(Tag.LONG).i64(b);
      }
      case 'float':
      case 'double': {
        if (typeof v !== 'number') throw mismatch(where, `a number (${type})`, v);
        this.u8(type === 'float' ? Tag.FLOAT : Tag.DOUBLE);
        this.ensure(8);
        if (type === 'float') this.pos = this.buf.writeFloatBE(v, this.pos);
        else this.pos = this.buf.writeDoubleBE(v, this.pos);
        return this;
      }
      case 'char':
        if (typeof v !== 'string' || v.length !== 1)
          throw mismatch(where, 'a one-character string', v);
        return this.u8(Tag.CHAR).u16(v.charCodeAt(0));
      case 'string':
        if (typeof v !== 'string') throw mismatch(where, 'a string', v);
        return this.u8(Tag.STRING).str(v);
      case 'bytes':
        if (!(v instanceof Uint8Array)) throw mismatch(where, 'a Buffer', v);
        return this.u8(Tag.BYTES).blob(v);
      case 'uuid': {
        const bytes = typeof v === 'string' ? uuidToBytes(v) : undefined;
        if (!bytes) throw mismatch(where, 'a UUID string', v);
        this.u8(Tag.UUID).ensure(16);
        bytes.copy(this.buf, this.pos);
        this.pos += 16;
        return this;
      }
      case 'date':
      case 'timestamp': {
        const ms =
          v instanceof Date
            ? v.getTime()
            : typeof v === 'number' && Number.isSafeInteger(v)
              ? v
              : NaN;
        if (Number.isNaN(ms)) throw mismatch(where, 'a Date', v);
        if (type === 'date') return this.u8(Tag.DATE).i64(BigInt(ms));
        return this.u8(Tag.TIMESTAMP).i64(BigInt(ms)).i32(0);
      }
      case 'decimal': {
        const d = decimalOf(v, where);
        return this.u8(Tag.DECIMAL).i32(d.scale).blob(twosComplement(d.unscaled));
      }
    }
  }

  private inferred(v: unknown, where: string): this {
    switch (typeof v) {
      case 'boolean':
        return this.value(v, 'bool', where);
      case 'number':
        return this.value(v, 'double', where);
      case 'bigint':
        return this.value(v, 'long', where);
      case 'string':
        return this.value(v, 'string', where);
      default:
        break;
    }
    if (v instanceof Uint8Array) return this.value(v, 'bytes', where);
    if (v instanceof Date) return this.value(v, 'date', where);
    if (v instanceof WireObject) return this.object(v, where);
    if (v instanceof Set) return this.composite(v, { set: 'any' }, where);
    if (Array.isArray(v)) return this.composite(v, { list: 'any' }, where);
    if (v instanceof Map || (typeof v === 'object' && v !== null))
      return this.composite(v, { map: ['any', 'any'] }, where);
    throw mismatch(where, 'a value the wire can carry', v);
  }

  private composite(v: unknown, type: Exclude<WireType, string>, where: string): this {
    if ('map' in type) {
      const entries =
        v instanceof Map
          ? [...(v as Map<unknown, unknown>)]
          : typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Set)
            ? Object.entries(v)
            : undefined;
      if (!entries) throw mismatch(where, 'a Map or an object', v);
      this.u8(Tag.MAP).u32(entries.length);
      for (const [k, val] of entries) {
        this.value(k, type.map[0], `${where} key`);
        this.value(val, type.map[1], `${where}[${String(k)}]`);
      }
      return this;
    }
    const isSet = 'set' in type;
    const items =
      v instanceof Set ? [...(v as Set<unknown>)] : Array.isArray(v) ? (v as unknown[]) : undefined;
    if (!items) throw mismatch(where, isSet ? 'a Set or an array' : 'an array or a Set', v);
    const element = 'set' in type ? type.set : 'array' in type ? type.array : type.list;
    this.u8(isSet ? Tag.SET : Tag.LIST).u32(items.length);
    items.forEach((item, i) => this.value(item, element, `${where}[${i}]`));
    return this;
  }

  private object(o: WireObject, where: string): this {
    const names = Object.keys(o.fields);
    if (names.length > 0xffff) throw mismatch(where, 'at most 65535 fields', o);
    this.u8(Tag.OBJECT).str(o.typeName).u16(names.length);
    for (const name of names) {
      const type = o.types[name] ?? 'any';
      this.str(name).u8(tagOfType(type));
      this.value(o.fields[name], type, `field ${name} of ${o.typeName}`);
    }
    return this;
  }
}

function mismatch(where: string, expected: string, v: unknown): WireTypeError {
  return new WireTypeError(`${where}: expected ${expected}, got ${describe(v)}`);
}
