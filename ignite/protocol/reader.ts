import { ARRAY_OF, Tag } from './constants';
import {
  fieldRecord,
  formatDecimal,
  fromTwosComplement,
  malformed,
  uuidToString,
  WireObject,
  type WireType,
} from './values';

/** Deepest nesting of lists, maps and objects accepted: a malformed frame cannot recurse forever. */
const MAX_DEPTH = 64;

/** The declared type a field tag stands for (elements of collections are not declared). */
function typeOfTag(tag: number): WireType {
  if (tag & ARRAY_OF) {
    const element = typeOfTag(tag & 0x7f);
    return typeof element === 'string' && element !== 'any' && element !== 'object'
      ? { array: element }
      : 'any';
  }
  switch (tag) {
    case Tag.BOOL:
      return 'bool';
    case Tag.BYTE:
      return 'byte';
    case Tag.SHORT:
      return 'short';
    case Tag.INT:
      return 'int';
    case Tag.LONG:
      return 'long';
    case Tag.FLOAT:
      return 'float';
    case Tag.DOUBLE:
      return 'double';
    case Tag.CHAR:
      return 'char';
    case Tag.STRING:
      return 'string';
    case Tag.BYTES:
      return 'bytes';
    case Tag.UUID:
      return 'uuid';
    case Tag.DATE:
      return 'date';
    case Tag.TIMESTAMP:
      return 'timestamp';
    case Tag.DECIMAL:
      return 'decimal';
    case Tag.OBJECT:
      return 'object';
    case Tag.LIST:
      return { list: 'any' };
    case Tag.SET:
      return { set: 'any' };
    case Tag.MAP:
      return { map: ['any', 'any'] };
    default:
      return 'any';
  }
}

/**
 * Reads a frame body (big-endian), every read bounds-checked. Values come back as JS values:
 * null, boolean, number (byte, short, int, float, double), bigint (long), string (string, char,
 * uuid, decimal as exact text keeping the scale (Java's `BigDecimal.toString()`)), Buffer, Date (date, timestamp), array, Set, Map, and
 * {@link WireObject} for binary objects.
 */
export class WireReader {
  constructor(
    private readonly buf: Buffer,
    private pos: number,
    private readonly end: number = buf.length,
  ) {}

  get remaining(): number {
    return this.end - this.pos;
  }

  get offset(): number {
    return this.pos;
  }

  /** The bytes between two offsets, as a string usable as a map key (equal bytes, equal strings). */
  slice(start: number, end: number): string {
    return this.buf.toString('latin1', start, end);
  }

  private need(n: number): void {
    if (n < 0 || this.pos + n > this.end)
      throw malformed(`${n} bytes needed at offset ${this.pos} of ${this.end}`);
  }

  u8(): number {
    this.need(1);
    return this.buf[this.pos++] ?? 0;
  }

  u16(): number {
    this.need(2);
    const v = this.buf.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }

  i32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  u32(): number {
    this.need(4);
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  i64(): bigint {
    this.need(8);
    const v = this.buf.readBigInt64BE(this.pos);
    this.pos += 8;
    return v;
  }

  bool(): boolean {
    return this.u8() !== 0;
  }

  str(): string {
    const n = this.u32();
    this.need(n);
    const s = this.buf.toString('utf8', this.pos, this.pos + n);
    this.pos += n;
    return s;
  }

  optStr(): string | undefined {
    return this.u8() === 0 ? undefined : this.str();
  }

  /** Bytes with a u32 length (a copy: frames are not kept alive by values). */
  blob(): Buffer {
    const n = this.u32();
    this.need(n);
    const b = Buffer.from(this.buf.subarray(this.pos, this.pos + n));
    this.pos += n;
    return b;
  }

  /** A count that must fit in what is left of the frame (every element takes at least a byte). */
  count(): number {
    const n = this.u32();
    if (n > this.remaining) throw malformed(`count ${n} with ${this.remaining} bytes left`);
    return n;
  }

  value(): unknown {
    return this.read(0);
  }

  private read(depth: number): unknown {
    if (depth > MAX_DEPTH) throw malformed(`values nested deeper than ${MAX_DEPTH}`);
    const tag = this.u8();
    switch (tag) {
      case Tag.NULL:
        return null;
      case Tag.BOOL:
        return this.bool();
      case Tag.BYTE: {
        this.need(1);
        const v = this.buf.readInt8(this.pos);
        this.pos += 1;
        return v;
      }
      case Tag.SHORT: {
        this.need(2);
        const v = this.buf.readInt16BE(this.pos);
        this.pos += 2;
        return v;
      }
      case Tag.INT:
        return this.i32();
      case Tag.LONG:
        return this.i64();
      case Tag.FLOAT: {
        this.need(4);
        const v = this.buf.readFloatBE(this.pos);
        this.pos += 4;
        return v;
      }
      case Tag.DOUBLE: {
        this.need(8);
        const v = this.buf.readDoubleBE(this.pos);
        this.pos += 8;
        return v;
      }
      case Tag.CHAR:
        return String.fromCharCode(this.u16());
      case Tag.STRING:
        return this.str();
      case Tag.BYTES:
        return this.blob();
      case Tag.UUID: {
        this.need(16);
        const v = uuidToString(this.buf.subarray(this.pos, this.pos + 16));
        this.pos += 16;
        return v;
      }
      case Tag.DATE:
        return new Date(Number(this.i64()));
      case Tag.TIMESTAMP: {
        const ms = this.i64();
        this.i32(); // nanoseconds within the millisecond: beyond what JS Dates and CQL timestamps hold
        return new Date(Number(ms));
      }
      case Tag.DECIMAL: {
        const scale = this.i32();
        return formatDecimal(fromTwosComplement(this.blob()), scale);
      }
      case Tag.OBJECT: {
        const typeName = this.str();
        const n = this.u16();
        const fields = fieldRecord();
        const types: Record<string, WireType> = {};
        for (let i = 0; i < n; i++) {
          const name = this.str();
          types[name] = typeOfTag(this.u8());
          fields[name] = this.read(depth + 1);
        }
        return new WireObject(typeName, fields, types);
      }
      case Tag.LIST: {
        const n = this.count();
        const list: unknown[] = new Array(n);
        for (let i = 0; i < n; i++) list[i] = this.read(depth + 1);
        return list;
      }
      case Tag.SET: {
        const n = this.count();
        const set = new Set<unknown>();
        for (let i = 0; i < n; i++) set.add(this.read(depth + 1));
        return set;
      }
      case Tag.MAP: {
        const n = this.count();
        const map = new Map<unknown, unknown>();
        for (let i = 0; i < n; i++) map.set(this.read(depth + 1), this.read(depth + 1));
        return map;
      }
      default:
        throw malformed(`unknown value tag ${tag}`);
    }
  }
}
