import { MappingError, type PersistenceSettings } from '../../store';
import type { CqlType, NativeCqlType } from '../../store/settings/cql-types';
import type { FieldMapping, KeyPersistence, ValuePersistence } from '../../store/settings/model';
import {
  describe,
  fieldRecord,
  WireObject,
  type ScalarWireType,
  type WireType,
} from '../protocol/values';
import type { WireWriter } from '../protocol/writer';

/** The wire type (so the Ignite field type) of each CQL column type. */
const NATIVE_WIRE: Readonly<Record<NativeCqlType, ScalarWireType>> = {
  text: 'string',
  ascii: 'string',
  varchar: 'string',
  int: 'int',
  bigint: 'long',
  smallint: 'short',
  tinyint: 'byte',
  double: 'double',
  float: 'float',
  boolean: 'bool',
  decimal: 'decimal',
  varint: 'decimal',
  timestamp: 'date',
  date: 'string',
  time: 'string',
  uuid: 'uuid',
  timeuuid: 'uuid',
  inet: 'string',
  blob: 'bytes',
  duration: 'string',
};

/**
 * The wire type a column of this CQL type is read back as. Lists and sets become typed Ignite arrays
 * (`String[]`, `long[]`): the Node thin client 1.0.0 cannot write collection fields of objects (it
 * fails in its own type check), while it writes typed arrays fine, so arrays are the one type every
 * writer of the field can agree on.
 */
export function wireTypeOf(type: CqlType): WireType {
  switch (type.kind) {
    case 'native':
      return NATIVE_WIRE[type.name];
    case 'list':
    case 'set':
      return { array: NATIVE_WIRE[type.element] };
    case 'map':
      return { map: [NATIVE_WIRE[type.key], NATIVE_WIRE[type.value]] };
  }
}

/** Converts one side (key or value) of a cache between wire values and what its store takes. */
interface SideMapping {
  /** A wire value (from Ignite) as the store's key or value. */
  fromWire(v: unknown): unknown;
  /** Writes a store key or value as Ignite should get it back. */
  write(w: WireWriter, v: unknown): void;
}

/** Keys and values of one cache. */
export interface CacheMapping {
  readonly key: SideMapping;
  readonly value: SideMapping;
}

/** Type names a cache's binary objects must have, when the settings' class names are not Ignite's. */
export interface TypeNames {
  readonly keyType?: string;
  readonly valueType?: string;
}

/** A binary object's fields as a plain record, nested objects included (BLOB values). */
function plain(v: unknown): unknown {
  if (v instanceof WireObject) {
    const out = fieldRecord();
    for (const [k, f] of Object.entries(v.fields)) out[k] = plain(f);
    return out;
  }
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof Set) return new Set([...(v as Set<unknown>)].map(plain));
  if (v instanceof Map)
    return new Map([...(v as Map<unknown, unknown>)].map(([k, x]) => [plain(k), plain(x)]));
  return v;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    !(v instanceof Map) &&
    !(v instanceof Set) &&
    !(v instanceof Date) &&
    !(v instanceof Uint8Array)
  );
}

function primitiveSide(cache: string, side: 'key' | 'value', type: CqlType): SideMapping {
  const wire = wireTypeOf(type);
  return {
    fromWire: (v) => {
      if (v instanceof WireObject) {
        throw new MappingError(
          `cache ${cache}: the ${side} is a binary object of type ${v.typeName}, but the persistence settings store a PRIMITIVE ${side} (CQL ${JSON.stringify(type)})`,
          { hint: `Use a POJO ${side} in the descriptor, or put plain values into the cache.` },
        );
      }
      return v;
    },
    write: (w, v) => {
      w.value(v, wire, side);
    },
  };
}

function blobSide(cache: string, side: 'key' | 'value', typeName: string | undefined): SideMapping {
  return {
    fromWire: (v) => {
      if (v instanceof WireObject && v.typeName !== typeName) {
        throw new MappingError(
          `cache ${cache}: a ${side} of binary type ${v.typeName} cannot be stored as a BLOB and read back as that type: the persistence settings name ${typeName ? `the class ${typeName}` : 'no class'}`,
          {
            hint: `Set class="${v.typeName}" on <${side}Persistence> (or ${side}Type in the sidecar config), or use the POJO strategy.`,
          },
        );
      }
      return plain(v);
    },
    write: (w, v) => {
      // Objects deserialized from the blob become the named binary type again, fields typed by JS.
      if (typeName && isPlainObject(v)) {
        const fields = fieldRecord();
        Object.assign(fields, v);
        w.value(new WireObject(typeName, fields), 'object', side);
      } else {
        w.value(v, 'any', side);
      }
    },
  };
}

function pojoSide(
  cache: string,
  side: 'key' | 'value',
  typeName: string,
  fields: readonly FieldMapping[],
): SideMapping {
  const readable = fields.filter((f) => !f.calculated);
  const types: Record<string, WireType> = {};
  for (const f of readable) types[f.name] = f.serialized ? 'any' : wireTypeOf(f.type);
  return {
    fromWire: (v) => {
      if (!(v instanceof WireObject)) {
        throw new MappingError(
          `cache ${cache}: the ${side} is ${describe(v)}, but the persistence settings store ${side}s as POJOs of ${typeName}`,
          {
            hint: `Put binary objects of type ${typeName} into the cache (see ignite/thin-client.ts).`,
          },
        );
      }
      if (v.typeName !== typeName) {
        throw new MappingError(
          `cache ${cache}: the ${side} is a binary object of type ${v.typeName}, but the persistence settings map ${typeName}`,
          {
            hint: `Use ${typeName} as the binary type name, or set ${side}Type in the sidecar config.`,
          },
        );
      }
      // Nested objects inside serialized fields lose their type name; mapped fields are plain values.
      return readable.some((f) => f.serialized) ? plain(v) : v.fields;
    },
    write: (w, v) => {
      const out = fieldRecord();
      const obj = v as Record<string, unknown>;
      // Settings order: partition key, clustering key, then value fields; keys must match clients' bytes.
      for (const f of readable) out[f.name] = obj[f.name] ?? null;
      w.value(new WireObject(typeName, out, types), 'object', side);
    },
  };
}

function keyFields(key: Extract<KeyPersistence, { strategy: 'POJO' }>): FieldMapping[] {
  return [...key.partitionKey, ...key.clusterKey];
}

function sideOf(
  cache: string,
  side: 'key' | 'value',
  p: KeyPersistence | ValuePersistence,
  typeName: string | undefined,
): SideMapping {
  switch (p.strategy) {
    case 'PRIMITIVE':
      return primitiveSide(cache, side, p.type);
    case 'BLOB':
      return blobSide(cache, side, typeName ?? p.javaClass);
    case 'POJO':
      return pojoSide(
        cache,
        side,
        typeName ?? p.pojo.className,
        'fields' in p ? p.fields : keyFields(p),
      );
  }
}

/**
 * How a cache's keys and values cross between Ignite and its store: plain values for PRIMITIVE,
 * binary objects ↔ field records for POJO (typed by the columns' CQL types when sent back), and
 * for BLOB the value as stored (objects come back as the named binary type).
 */
export function cacheMapping(
  cache: string,
  settings: PersistenceSettings,
  names: TypeNames = {},
): CacheMapping {
  return {
    key: sideOf(cache, 'key', settings.key, names.keyType),
    value: sideOf(cache, 'value', settings.value, names.valueType),
  };
}
