/**
 * Typing Node.js thin-client (`apache-ignite-client` 1.0.0) reads and writes so they match the
 * Cassandra layout of a cache's persistence settings. The Ignite servers persist binary objects
 * as they are, and Ignite fixes a field's binary type the first time it is written: a field of a
 * `bigint` column must always be written as LONG (never the client's default for JS numbers,
 * DOUBLE), a `timestamp` as DATE, and so on, by every writer — the thin clients, and the store
 * bridge rebuilding objects read from Cassandra. These helpers derive every type from the settings.
 *
 * ```ts
 * const client = new IgniteClient();
 * await client.connect(new IgniteClient.IgniteClientConfiguration('127.0.0.1:10800'));
 * const people = typedCache<number, Record<string, unknown>>(client, 'people', settings);
 * await people.put(42, pojo(settings, 'value', { firstName: 'Ann', age: 33, birthDate: new Date() }));
 * ```
 *
 * Importing this module also corrects the client's binary hash codes (see `thin-client-hash.ts`):
 * without it, POJO keys written by Node never equal the same keys built by Java.
 */
import IgniteClient from 'apache-ignite-client';

import { UsageError } from '../common/errors';
import type { PersistenceSettings } from '../store';
import { formatCqlType, type CqlType, type NativeCqlType } from '../store/settings/cql-types';
import type { FieldMapping } from '../store/settings/model';
import { formatDecimal, parseDecimal, stripTrailingZeros } from '../common/decimal';
import { fixThinClientDecimals } from './thin-client-decimal';
import { fixThinClientBinaryHash } from './thin-client-hash';

fixThinClientBinaryHash();
fixThinClientDecimals();

const { ObjectType, ComplexObjectType, MapObjectType, Decimal } = IgniteClient;
const P = ObjectType.PRIMITIVE_TYPE;

/** A thin-client type: a primitive type code or a composite type object. */
export type ThinClientType = number | object;

const NATIVE_TYPES: Readonly<Record<NativeCqlType, number>> = {
  text: P.STRING,
  ascii: P.STRING,
  varchar: P.STRING,
  int: P.INTEGER,
  bigint: P.LONG,
  smallint: P.SHORT,
  tinyint: P.BYTE,
  double: P.DOUBLE,
  float: P.FLOAT,
  boolean: P.BOOLEAN,
  decimal: P.DECIMAL,
  varint: P.DECIMAL,
  timestamp: P.DATE,
  date: P.STRING,
  time: P.STRING,
  uuid: P.UUID,
  timeuuid: P.UUID,
  inet: P.STRING,
  blob: P.BYTE_ARRAY,
  duration: P.STRING,
};

/** Typed arrays for list and set columns (see {@link thinClientTypeOf}). */
const ARRAY_TYPES: Readonly<Partial<Record<NativeCqlType, number>>> = {
  text: P.STRING_ARRAY,
  ascii: P.STRING_ARRAY,
  varchar: P.STRING_ARRAY,
  int: P.INTEGER_ARRAY,
  bigint: P.LONG_ARRAY,
  smallint: P.SHORT_ARRAY,
  double: P.DOUBLE_ARRAY,
  float: P.FLOAT_ARRAY,
  boolean: P.BOOLEAN_ARRAY,
  decimal: P.DECIMAL_ARRAY,
  varint: P.DECIMAL_ARRAY,
  timestamp: P.DATE_ARRAY,
  date: P.STRING_ARRAY,
  time: P.STRING_ARRAY,
  uuid: P.UUID_ARRAY,
  timeuuid: P.UUID_ARRAY,
  inet: P.STRING_ARRAY,
  duration: P.STRING_ARRAY,
};

/**
 * The thin-client type of a column of this CQL type (the same mapping the sidecar uses). Lists and
 * sets are typed arrays (`STRING_ARRAY`, `LONG_ARRAY`, …): the client 1.0.0 cannot write collection
 * fields of complex objects (its type check calls a method on a type code and throws).
 */
export function thinClientTypeOf(type: CqlType): ThinClientType {
  switch (type.kind) {
    case 'native':
      return NATIVE_TYPES[type.name];
    case 'list':
    case 'set': {
      const array = ARRAY_TYPES[type.element];
      if (array === undefined) {
        throw new UsageError(
          `${type.kind}<${type.element}> columns have no thin-client array type`,
          {
            hint: 'Use another element type, or store the field serialized.',
          },
        );
      }
      return array;
    }
    case 'map':
      return new MapObjectType(
        MapObjectType.MAP_SUBTYPE.LINKED_HASH_MAP,
        NATIVE_TYPES[type.key],
        NATIVE_TYPES[type.value],
      );
  }
}

/** Thin-client types that cannot hold null (the client refuses to write it). */
const NOT_NULLABLE: ReadonlySet<ThinClientType> = new Set([
  P.BYTE,
  P.SHORT,
  P.INTEGER,
  P.LONG,
  P.FLOAT,
  P.DOUBLE,
  P.BOOLEAN,
  P.CHAR,
]);

/** The fields of a POJO side in the order the store (and so the bridge) writes them. */
export function pojoFields(
  settings: PersistenceSettings,
  side: 'key' | 'value',
): readonly FieldMapping[] {
  const p = settings[side];
  if (p.strategy !== 'POJO') {
    throw new UsageError(
      `the ${side} of ${settings.keyspace}.${settings.table ?? '?'} is ${p.strategy}, not POJO`,
    );
  }
  // Keys: partition key then clustering key; values: declared order, read-only fields excluded.
  return 'fields' in p
    ? p.fields.filter((f) => !f.calculated)
    : [...p.partitionKey, ...p.clusterKey];
}

/** The Ignite binary type name of a POJO side. */
export function pojoTypeName(
  settings: PersistenceSettings,
  side: 'key' | 'value',
  override?: string,
): string {
  const p = settings[side];
  if (override) return override;
  if (p.strategy === 'POJO') return p.pojo.className;
  if (p.strategy === 'BLOB' && p.javaClass) return p.javaClass;
  throw new UsageError(
    `the ${side} of ${settings.keyspace}.${settings.table ?? '?'} is not an object type`,
  );
}

/** The ComplexObjectType of a POJO side: its type name and every field's type, in store order. */
export function complexTypeOf(
  settings: PersistenceSettings,
  side: 'key' | 'value',
  typeName?: string,
): InstanceType<typeof ComplexObjectType> {
  const fields = pojoFields(settings, side);
  const template: Record<string, null> = {};
  for (const f of fields) template[f.name] = null;
  const type = new ComplexObjectType(template, pojoTypeName(settings, side, typeName));
  for (const f of fields) {
    // Fields stored with the serializer have no column type: the client infers theirs.
    if (!f.serialized) type.setFieldType(f.name, thinClientTypeOf(f.type));
  }
  return type;
}

/** The key or value type of a cache side; null lets the client infer (BLOB values). */
export function sideType(
  settings: PersistenceSettings,
  side: 'key' | 'value',
  typeName?: string,
): ThinClientType | null {
  const p = settings[side];
  if (p.strategy === 'PRIMITIVE') return thinClientTypeOf(p.type);
  if (p.strategy === 'POJO') return complexTypeOf(settings, side, typeName);
  return null;
}

/** A cache client whose key and value types follow the cache's persistence settings. */
export function typedCache<K, V>(
  client: IgniteClient,
  cacheName: string,
  settings: PersistenceSettings,
  names: { readonly keyType?: string; readonly valueType?: string } = {},
): IgniteClient.CacheClient<K, V> {
  return client
    .getCache<K, V>(cacheName)
    .setKeyType(sideType(settings, 'key', names.keyType))
    .setValueType(sideType(settings, 'value', names.valueType));
}

/**
 * A UUID string as the bytes the client 1.0.0 must be given: it sends them as they are, and Ignite
 * reads a UUID as two little-endian longs (most significant bits first).
 */
export function uuidToClient(uuid: string): number[] {
  const bytes = Buffer.from(uuid.replace(/-/g, ''), 'hex');
  if (bytes.length !== 16) throw new UsageError(`${uuid} is not a UUID`);
  return [...bytes.subarray(0, 8).reverse(), ...bytes.subarray(8).reverse()];
}

/** The UUID string of the bytes the client 1.0.0 returns for a UUID. */
export function uuidFromClient(bytes: readonly number[]): string {
  const b = Buffer.from([...bytes.slice(0, 8).reverse(), ...bytes.slice(8).reverse()]);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A bigint as the JS number the client 1.0.0 writes as LONG (it has no bigint support). */
function safeNumber(v: unknown): unknown {
  if (typeof v !== 'bigint') return v;
  const n = Number(v);
  if (!Number.isSafeInteger(n)) {
    throw new RangeError(
      `${v} is beyond ±2^53: apache-ignite-client 1.0.0 writes longs from JS numbers`,
    );
  }
  return n;
}

const native = (name: NativeCqlType): CqlType => ({ kind: 'native', name });

const toBigInt = (v: unknown): unknown => (typeof v === 'number' ? BigInt(v) : v);

/** Bytes as the client's BYTE_ARRAY takes them: Java bytes, −128…127 (it refuses 128…255). */
function signedBytes(v: Uint8Array): number[] {
  const out = new Array<number>(v.length);
  for (let i = 0; i < v.length; i++) out[i] = ((v[i] ?? 0) << 24) >> 24;
  return out;
}

/**
 * A `Decimal` built exactly from a decimal string (plain or exponent notation), a bigint or a safe
 * integer number (the store's rule: other numbers are not the decimal their text shows).
 */
function toClientDecimal(v: unknown): InstanceType<typeof Decimal> {
  if (v instanceof Decimal) return v;
  const parts =
    typeof v === 'bigint'
      ? { unscaled: v, scale: 0 }
      : typeof v === 'number' && Number.isSafeInteger(v)
        ? { unscaled: BigInt(v), scale: 0 }
        : typeof v === 'string'
          ? parseDecimal(v)
          : undefined;
  if (!parts) {
    throw new UsageError(
      `${typeof v === 'string' ? `"${v}"` : String(v)} is not an exact decimal for a decimal field`,
      { hint: 'Pass a decimal string such as "12.340" or "1E+3", a bigint or a safe integer.' },
    );
  }
  // The client sends decimals without trailing zeros: 1.0E+2147483647 becomes 1 with scale −2^31 − 1.
  const stripped = stripTrailingZeros(parts);
  if (stripped.scale < -(2 ** 31)) {
    throw new UsageError(
      `${String(v)}: its scale without trailing zeros (${stripped.scale}) is beyond 32 bits; apache-ignite-client 1.0.0 strips trailing zeros, so it cannot carry this decimal`,
      { hint: 'Use the store or the Java client for decimals at the scale limit.' },
    );
  }
  return new Decimal(`${parts.unscaled}e${-parts.scale}`);
}

/**
 * A decimal the client read, as the store's canonical text (Java's `BigDecimal.toString()`). The
 * client keeps the value, not the scale: its decimals have no trailing zeros (`1.50` arrives as
 * `1.5`, `1000` as `1E+3`, as Java's `stripTrailingZeros()` gives).
 */
function fromClientDecimal(v: unknown): unknown {
  if (!(v instanceof Decimal)) return v;
  const parts = parseDecimal(v.toExponential());
  return parts ? formatDecimal(parts.unscaled, parts.scale) : v;
}

/**
 * A value of a column of this CQL type as the client 1.0.0 must be given it: bigints as safe
 * numbers, buffers as signed byte arrays (Java bytes), decimals as exact `Decimal`s, UUID strings
 * as bytes, sets as arrays.
 */
export function toClientValue(v: unknown, type: CqlType): unknown {
  if (v === null || v === undefined) return null;
  if (type.kind === 'map') {
    const entries = v instanceof Map ? [...(v as Map<unknown, unknown>)] : undefined;
    const object = !entries && typeof v === 'object' ? Object.entries(v) : undefined;
    const list = entries ?? object;
    if (!list) return v;
    return new Map(
      list.map(([k, x]) => [
        toClientValue(k, native(type.key)),
        toClientValue(x, native(type.value)),
      ]),
    );
  }
  if (type.kind !== 'native') {
    const items = v instanceof Set ? [...(v as Set<unknown>)] : v;
    const element = native(type.element);
    return Array.isArray(items) ? items.map((x) => toClientValue(x, element)) : items;
  }
  switch (type.name) {
    case 'bigint':
      return safeNumber(v);
    case 'blob':
      return v instanceof Uint8Array ? signedBytes(v) : v;
    case 'decimal':
      return toClientDecimal(v);
    case 'varint':
      return v instanceof Decimal ? v : toClientDecimal(v);
    case 'uuid':
    case 'timeuuid':
      return typeof v === 'string' ? uuidToClient(v) : v;
    default:
      return v;
  }
}

/**
 * The inverse of {@link toClientValue} for what the client returns: bigints, buffers, UUID strings,
 * decimals as canonical text (see {@link fromClientDecimal}), varints as bigints.
 */
export function fromClientValue(v: unknown, type: CqlType): unknown {
  if (v === null || v === undefined) return v;
  if (type.kind === 'map') {
    if (!(v instanceof Map)) return v;
    const k = native(type.key);
    const x = native(type.value);
    return new Map(
      [...(v as Map<unknown, unknown>)].map(([a, b]) => [
        fromClientValue(a, k),
        fromClientValue(b, x),
      ]),
    );
  }
  if (type.kind !== 'native') {
    const element = native(type.element);
    return Array.isArray(v) ? v.map((x) => fromClientValue(x, element)) : v;
  }
  switch (type.name) {
    case 'bigint':
      return toBigInt(v);
    case 'blob':
      return Array.isArray(v) ? Buffer.from(v as number[]) : v;
    case 'decimal':
      return fromClientDecimal(v);
    case 'varint':
      return v instanceof Decimal ? BigInt(v.toFixed()) : v;
    case 'uuid':
    case 'timeuuid':
      return Array.isArray(v) ? uuidFromClient(v as number[]) : v;
    default:
      return v;
  }
}

/**
 * Makes POJO keys or values as the thin client must write them: every field of the settings present
 * (the client refuses missing ones; null is fine), in store order, each converted by
 * {@link toClientValue}. Fields not in the settings are refused: they would not be persisted. The
 * field list is worked out once, here, not per object.
 */
export function pojoWriter(
  settings: PersistenceSettings,
  side: 'key' | 'value',
): (values: Readonly<Record<string, unknown>>) => Record<string, unknown> {
  const fields = pojoFields(settings, side);
  const known = new Set(fields.map((f) => f.name));
  return (values) => {
    for (const name of Object.keys(values)) {
      if (!known.has(name)) {
        throw new UsageError(
          `${side} field ${name} is not in the persistence settings (fields: ${[...known].join(', ')})`,
          {
            hint: 'Add it to the descriptor, or leave it out: it would not be persisted.',
          },
        );
      }
    }
    const out: Record<string, unknown> = {};
    for (const f of fields) {
      const v = f.serialized ? (values[f.name] ?? null) : toClientValue(values[f.name], f.type);
      if (v === null && !f.serialized && NOT_NULLABLE.has(thinClientTypeOf(f.type))) {
        throw new UsageError(
          `${side} field ${f.name} (${formatCqlType(f.type)}) has no value; apache-ignite-client 1.0.0 cannot write null for ${formatCqlType(f.type)} fields`,
          { hint: 'Give every numeric and boolean field a value.' },
        );
      }
      out[f.name] = v;
    }
    return out;
  };
}

/** One POJO key or value, as {@link pojoWriter} makes them. */
export function pojo(
  settings: PersistenceSettings,
  side: 'key' | 'value',
  values: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  return pojoWriter(settings, side)(values);
}

/** Reads POJO keys or values the client returned back into the fields' JS types ({@link fromClientValue}). */
export function pojoReader(
  settings: PersistenceSettings,
  side: 'key' | 'value',
): (object: unknown) => unknown {
  const fields = pojoFields(settings, side);
  return (object) => {
    if (object === null || typeof object !== 'object') return object;
    const source = object as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const f of fields)
      out[f.name] = f.serialized ? source[f.name] : fromClientValue(source[f.name], f.type);
    return out;
  };
}
