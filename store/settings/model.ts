import type { Serializer } from '../serializers/serializer';
import type { CqlType } from './cql-types';
import type { SettingsLocation } from '../errors';

/** A secondary index on a value column. */
export type IndexSpec =
  /** `CREATE INDEX` (Cassandra's default secondary index). */
  | { readonly kind: 'classic' }
  /** Cassandra 5 Storage Attached Index. */
  | { readonly kind: 'sai'; readonly options?: Readonly<Record<string, string>> }
  /** `CREATE CUSTOM INDEX … USING '<class>'` with optional options. */
  | { readonly kind: 'custom'; readonly indexClass: string; readonly options?: string };

/** One mapped field of a POJO key or value. */
export interface FieldMapping {
  /** The JS property name. */
  readonly name: string;
  /** Column name. */
  readonly column: string;
  readonly type: CqlType;
  /**
   * Stored with the serializer in a `blob` column because the field's type has no CQL mapping
   * (the original's behaviour for non-mappable Java types).
   */
  readonly serialized: boolean;
  /** Read-only property: written, never read back (the original's "calculated" fields). */
  readonly calculated: boolean;
  /** Where it was declared, for messages. */
  readonly at?: SettingsLocation;
}

/** A key field: part of the partition key or a clustering column. */
export interface KeyFieldMapping extends FieldMapping {
  /** Clustering order; only meaningful for clustering columns. */
  readonly sort?: 'asc' | 'desc';
}

/** A value field. */
export interface ValueFieldMapping extends FieldMapping {
  readonly static: boolean;
  readonly index?: IndexSpec;
}

/** How a POJO is built when a row is read. */
export interface PojoFactory {
  /** Name in the descriptor (Java class name or TS class name). */
  readonly className: string;
  /** Creates an empty instance; plain objects when no class is registered. */
  create(): Record<string, unknown>;
}

/** A key or value stored as one column of a CQL type. */
export interface PrimitivePersistence {
  readonly strategy: 'PRIMITIVE';
  readonly column: string;
  readonly type: CqlType;
  /** The Java class name a descriptor of the original named. */
  readonly javaClass?: string;
}

/** A key or value stored whole in one blob column with a serializer. */
export interface BlobPersistence {
  readonly strategy: 'BLOB';
  readonly column: string;
  readonly serializer: Serializer;
  readonly javaClass?: string;
  /** When the class is registered: values read back get its prototype. */
  readonly pojo?: PojoFactory;
}

export type KeyPersistence =
  | PrimitivePersistence
  | BlobPersistence
  | {
      readonly strategy: 'POJO';
      readonly pojo: PojoFactory;
      readonly partitionKey: readonly KeyFieldMapping[];
      readonly clusterKey: readonly KeyFieldMapping[];
      /** For key fields with no CQL mapping. */
      readonly serializer: Serializer;
    };

export type ValuePersistence =
  | PrimitivePersistence
  | BlobPersistence
  | {
      readonly strategy: 'POJO';
      readonly pojo: PojoFactory;
      readonly fields: readonly ValueFieldMapping[];
      readonly serializer: Serializer;
    };

/**
 * The validated persistence settings of one cache/table: the single model every way in (XML
 * descriptor, typed object, decorated classes) produces, and the store and DDL generator consume.
 */
export interface PersistenceSettings {
  readonly keyspace: string;
  /** Table name; when absent the store's `table` option (the cache name) is used. */
  readonly table?: string;
  /** Seconds; adds `USING TTL` to inserts. */
  readonly ttlSeconds?: number;
  /** The text after `WITH` in CREATE KEYSPACE. */
  readonly keyspaceOptions: string;
  /** The text after `WITH` in CREATE TABLE (without clustering order), if any. */
  readonly tableOptions?: string;
  readonly key: KeyPersistence;
  readonly value: ValuePersistence;
  /** Descriptor file the settings came from, for messages. */
  readonly source?: string;
}

/** The original module's default keyspace options. */
export const DEFAULT_KEYSPACE_OPTIONS =
  "replication = {'class' : 'SimpleStrategy', 'replication_factor' : 3} and durable_writes = true";
