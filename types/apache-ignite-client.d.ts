/**
 * Declarations for the subset of `apache-ignite-client` 1.0.0 (the Ignite 2.x Node.js thin
 * client, published without types) that this project calls. Extend it when a new call is needed.
 */
declare module 'apache-ignite-client' {
  type TypeCode = number;

  class IgniteClientConfiguration {
    constructor(...endpoints: string[]);
    setConnectionOptions(
      useTLS: boolean,
      connectionOptions?: object | null,
      partitionAwareness?: boolean,
    ): this;
    setUserName(userName: string | null): this;
    setPassword(password: string | null): this;
  }

  class CacheEntry<K = unknown, V = unknown> {
    constructor(key: K, value: V);
    getKey(): K;
    getValue(): V;
  }

  /** A user type: its Ignite type name and the types of its fields, in the template's order. */
  class ComplexObjectType {
    constructor(template: object, typeName?: string | null);
    setFieldType(fieldName: string, fieldType: TypeCode | object | null): this;
  }

  class CollectionObjectType {
    constructor(subType: number, elementType?: TypeCode | object | null);
    /** The Ignite type code (COLLECTION). */
    readonly _typeCode: number;
    static readonly COLLECTION_SUBTYPE: Readonly<
      Record<
        | 'USER_SET'
        | 'USER_COL'
        | 'ARRAY_LIST'
        | 'LINKED_LIST'
        | 'HASH_SET'
        | 'LINKED_HASH_SET'
        | 'SINGLETON_LIST',
        number
      >
    >;
  }

  class MapObjectType {
    constructor(
      subType?: number,
      keyType?: TypeCode | object | null,
      valueType?: TypeCode | object | null,
    );
    /** The Ignite type code (MAP). */
    readonly _typeCode: number;
    static readonly MAP_SUBTYPE: Readonly<Record<'HASH_MAP' | 'LINKED_HASH_MAP', number>>;
  }

  /** decimal.js, re-exported by the client for DECIMAL values. */
  class Decimal {
    constructor(value: string | number);
    toString(): string;
    toFixed(digits?: number): string;
    toExponential(digits?: number): string;
  }

  class CacheClient<K = unknown, V = unknown> {
    setKeyType(type: TypeCode | object | null): this;
    setValueType(type: TypeCode | object | null): this;
    get(key: K): Promise<V | null>;
    getAll(keys: K[]): Promise<CacheEntry<K, V>[]>;
    containsKey(key: K): Promise<boolean>;
    put(key: K, value: V): Promise<void>;
    putAll(entries: CacheEntry<K, V>[]): Promise<void>;
    removeKey(key: K): Promise<boolean>;
    removeKeys(keys: K[]): Promise<void>;
    removeAll(): Promise<void>;
    clear(): Promise<void>;
    getSize(...peekModes: number[]): Promise<number>;
  }

  class IgniteClient {
    constructor(onStateChanged?: ((state: number, reason?: string) => void) | null);
    connect(config: IgniteClientConfiguration): Promise<void>;
    disconnect(): void;
    getCache<K = unknown, V = unknown>(name: string): CacheClient<K, V>;
    getOrCreateCache<K = unknown, V = unknown>(
      name: string,
      cacheConfig?: object | null,
    ): Promise<CacheClient<K, V>>;
    destroyCache(name: string): Promise<void>;
    cacheNames(): Promise<string[]>;
    static readonly STATE: {
      readonly DISCONNECTED: number;
      readonly CONNECTING: number;
      readonly CONNECTED: number;
    };
  }

  /** The client's error classes (`IgniteClient.Errors`). */
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- exported through `typeof` below
  namespace ClientErrors {
    class IgniteClientError extends Error {}
    /** The server answered the request with an error (its message is the server's). */
    class OperationError extends IgniteClientError {}
    /** The client is not connected (or not yet). */
    class IllegalStateError extends IgniteClientError {}
    /** The connection was lost with the request in flight. */
    class LostConnectionError extends IgniteClientError {}
  }

  namespace IgniteClient {
    export const Errors: typeof ClientErrors;
    export {
      IgniteClientConfiguration,
      CacheEntry,
      CacheClient,
      ComplexObjectType,
      CollectionObjectType,
      MapObjectType,
      Decimal,
    };
    export const ObjectType: {
      readonly PRIMITIVE_TYPE: Readonly<
        Record<
          | 'BYTE'
          | 'SHORT'
          | 'INTEGER'
          | 'LONG'
          | 'FLOAT'
          | 'DOUBLE'
          | 'CHAR'
          | 'BOOLEAN'
          | 'STRING'
          | 'UUID'
          | 'DATE'
          | 'BYTE_ARRAY'
          | 'SHORT_ARRAY'
          | 'INTEGER_ARRAY'
          | 'LONG_ARRAY'
          | 'FLOAT_ARRAY'
          | 'DOUBLE_ARRAY'
          | 'CHAR_ARRAY'
          | 'BOOLEAN_ARRAY'
          | 'STRING_ARRAY'
          | 'UUID_ARRAY'
          | 'DATE_ARRAY'
          | 'DECIMAL_ARRAY'
          | 'TIMESTAMP_ARRAY'
          | 'DECIMAL'
          | 'TIMESTAMP'
          | 'TIME',
          TypeCode
        >
      >;
    };
  }

  export = IgniteClient;
}
