import type { Serializer } from '../serializers/serializer';
import { buildSettings, type BuildContext } from './build';
import type { PersistenceSettings } from './model';
import type { PojoClass } from './pojo-class';
import { rawIndex, type IndexOption, type RawField, type RawPersistence } from './raw';

/** A key field of a POJO key, in the typed settings object. */
export interface KeyFieldInput {
  readonly name: string;
  /** @default - the name lower-cased */
  readonly column?: string;
  /** CQL type. @default - from the class (decorators or default value) */
  readonly type?: string;
  /** Clustering order (clustering columns only). @default - Cassandra's (asc) */
  readonly sort?: 'asc' | 'desc';
}

/** A value field of a POJO value, in the typed settings object. */
export interface ValueFieldInput extends Omit<KeyFieldInput, 'sort'> {
  /** @default false */
  readonly static?: boolean;
  /** @default - no index */
  readonly index?: IndexOption;
  /** Store with the serializer in a blob column. @default false */
  readonly serialized?: boolean;
}

/** How a key or value is stored, in the typed settings object. */
export type PersistenceInput =
  | {
      readonly strategy: 'PRIMITIVE';
      /** CQL type (`bigint`, `text`, …) or a Java class name of the original (`java.lang.Long`). */
      readonly type: string;
      /** @default 'key' / 'value' */
      readonly column?: string;
    }
  | {
      readonly strategy: 'BLOB';
      /** @default 'key' / 'value' */
      readonly column?: string;
      /** @default msgpack */
      readonly serializer?: Serializer | string;
    }
  | {
      readonly strategy: 'POJO';
      /** A class (fields found from its instances and decorators), or a name whose fields are all given with types. */
      readonly class: PojoClass | string;
      /** Key only. @default - affinity fields, else all fields */
      readonly partitionKey?: readonly KeyFieldInput[];
      /** Key only. @default - the non-affinity fields when some are affinity fields */
      readonly clusterKey?: readonly KeyFieldInput[];
      /** Value only. @default - every property of the class */
      readonly fields?: readonly ValueFieldInput[];
      /** For fields stored as blobs. @default msgpack */
      readonly serializer?: Serializer | string;
    };

/** Persistence settings as a typed object: the same model as an XML descriptor. */
export interface PersistenceSettingsInput {
  readonly keyspace: string;
  /** @default - the store's `table` option */
  readonly table?: string;
  /** @default - no TTL */
  readonly ttlSeconds?: number;
  /** @default "replication = {'class' : 'SimpleStrategy', 'replication_factor' : 3} and durable_writes = true" */
  readonly keyspaceOptions?: string;
  /** @default - none */
  readonly tableOptions?: string;
  readonly key: PersistenceInput;
  readonly value: PersistenceInput;
}

function fieldFrom(f: KeyFieldInput | ValueFieldInput, path: string): RawField {
  const v = f as ValueFieldInput & KeyFieldInput;
  return {
    name: f.name,
    ...(f.column !== undefined ? { column: f.column } : {}),
    ...(f.type !== undefined ? { type: f.type } : {}),
    ...(v.sort !== undefined ? { sort: v.sort } : {}),
    ...(v.static !== undefined ? { static: v.static } : {}),
    ...rawIndex(v.index),
    ...(v.serialized ? { serialized: true } : {}),
    at: { path: `${path}[${f.name}]` },
  };
}

function persistenceFrom(p: PersistenceInput, path: string): RawPersistence {
  const at = { path };
  switch (p.strategy) {
    case 'PRIMITIVE':
      return {
        strategy: p.strategy,
        type: p.type,
        ...(p.column !== undefined ? { column: p.column } : {}),
        at,
      };
    case 'BLOB':
      return {
        strategy: p.strategy,
        ...(p.column !== undefined ? { column: p.column } : {}),
        ...(p.serializer ? { serializer: p.serializer } : {}),
        at,
      };
    case 'POJO':
      return {
        strategy: p.strategy,
        ...(typeof p.class === 'string' ? { className: p.class } : { pojoClass: p.class }),
        ...(p.partitionKey
          ? {
              partitionKey: p.partitionKey.map((f) => fieldFrom(f, `${path}.partitionKey`)),
              partitionKeyAt: { path: `${path}.partitionKey` },
            }
          : {}),
        ...(p.clusterKey
          ? {
              clusterKey: p.clusterKey.map((f) => fieldFrom(f, `${path}.clusterKey`)),
              clusterKeyAt: { path: `${path}.clusterKey` },
            }
          : {}),
        ...(p.fields ? { fields: p.fields.map((f) => fieldFrom(f, `${path}.fields`)) } : {}),
        ...(p.serializer ? { serializer: p.serializer } : {}),
        at,
      };
    default: {
      const strategy = (p as { strategy?: unknown }).strategy;
      return { strategy: String(strategy), at };
    }
  }
}

/**
 * Validates persistence settings given as a typed object (or built from decorated classes) into
 * the store's model.
 *
 * ```ts
 * const settings = persistenceSettings({
 *   keyspace: 'shop',
 *   key: { strategy: 'POJO', class: PersonId },   // decorated with @affinityKey / @column
 *   value: { strategy: 'POJO', class: Person },
 * });
 * ```
 *
 * @throws SettingsError naming the field (`value.fields[age]`) and the fix
 */
export function persistenceSettings(
  input: PersistenceSettingsInput,
  context: BuildContext = {},
): PersistenceSettings {
  return buildSettings(
    {
      keyspace: input.keyspace,
      ...(input.table !== undefined ? { table: input.table } : {}),
      ...(input.ttlSeconds !== undefined ? { ttl: input.ttlSeconds } : {}),
      ...(input.keyspaceOptions !== undefined ? { keyspaceOptions: input.keyspaceOptions } : {}),
      ...(input.tableOptions !== undefined ? { tableOptions: input.tableOptions } : {}),
      key: persistenceFrom(input.key, 'key'),
      value: persistenceFrom(input.value, 'value'),
      at: {},
    },
    context,
  );
}
