import type { SettingsLocation } from '../errors';
import type { Serializer } from '../serializers/serializer';

/** A class whose instances are stored with the POJO strategy: it must construct without arguments. */
export type PojoClass = new () => object;

/**
 * What a front end (XML, typed object, decorators) read, before validation: strings as written,
 * each with where it came from. {@link buildSettings} turns it into the validated model.
 */
export interface RawSettings {
  readonly keyspace?: string;
  readonly table?: string;
  readonly ttl?: string | number;
  readonly keyspaceOptions?: string;
  readonly tableOptions?: string;
  readonly key?: RawPersistence;
  readonly value?: RawPersistence;
  readonly at: SettingsLocation;
}

export interface RawPersistence {
  readonly strategy?: string;
  /** Java class name (XML) or registered class name. */
  readonly className?: string;
  /** A TS class given directly (object API). */
  readonly pojoClass?: PojoClass;
  /** CQL type for PRIMITIVE (our extension to the original's `class`). */
  readonly type?: string;
  readonly serializer?: string | Serializer;
  readonly column?: string;
  /** Undefined when the element is absent (not the same as empty). */
  readonly partitionKey?: readonly RawField[];
  readonly clusterKey?: readonly RawField[];
  readonly fields?: readonly RawField[];
  readonly at: SettingsLocation;
  /** Where `partitionKey` / `clusterKey` were declared. */
  readonly partitionKeyAt?: SettingsLocation;
  readonly clusterKeyAt?: SettingsLocation;
}

export interface RawField {
  readonly name?: string;
  readonly column?: string;
  readonly type?: string;
  readonly sort?: string;
  readonly static?: string | boolean;
  readonly index?: string | boolean;
  readonly indexClass?: string;
  readonly indexOptions?: string;
  readonly serialized?: boolean;
  readonly at: SettingsLocation;
}

/** How decorators and the typed object declare an index. */
export type IndexOption =
  boolean | 'classic' | 'sai' | { readonly class: string; readonly options?: string };

/** An index option as the raw field attributes XML would carry (`index`, `indexClass`, `indexOptions`). */
export function rawIndex(
  index: IndexOption | undefined,
): Pick<RawField, 'index' | 'indexClass' | 'indexOptions'> {
  if (index === undefined || index === false) return {};
  if (typeof index !== 'object') return { index };
  return {
    index: true,
    indexClass: index.class,
    ...(index.options ? { indexOptions: index.options } : {}),
  };
}
