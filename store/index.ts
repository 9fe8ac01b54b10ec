/**
 * The embedded TypeScript Cassandra cache store: persistence settings (XML descriptors of the
 * original module, typed objects, decorated classes), PRIMITIVE / BLOB / POJO mapping, automatic
 * DDL, bounded and retried asynchronous bulk operations, and store transactions.
 */
export {
  CassandraStore,
  type LoadCacheQuery,
  type MutationOptions,
  type StoreOptions,
} from './cassandra-store';
export {
  DataSource,
  type ConsistencyName,
  type DataSourceOptions,
  type TlsOptions,
} from './data-source';
export { generateDdl, type TableDdl } from './ddl/generate';
export {
  BulkOperationError,
  DataSourceError,
  MappingError,
  MissingKeyFieldError,
  SchemaError,
  SerializationError,
  SettingsError,
  StoreError,
  TransactionTooLargeError,
  type ItemFailure,
  type SettingsLocation,
  type StoreErrorCode,
  type StoreErrorOptions,
} from './errors';
export { OperationError } from './private/executor';
export type {
  ErrorEvent,
  OperationEvent,
  RetryEvent,
  StoreHooks,
  StoreOperation,
  WarningEvent,
} from './hooks';
export {
  exponentialBackoff,
  noRetry,
  type ExponentialBackoffOptions,
  type RetryDecision,
  type RetryPolicy,
} from './retry';
export { jsonSerializer, msgpackSerializer, v8Serializer, type Serializer } from './serializers';
export type { BuildContext } from './settings/build';
export { affinityKey, column, transient, type ColumnOptions } from './settings/decorators';
export {
  persistenceSettings,
  type KeyFieldInput,
  type PersistenceInput,
  type PersistenceSettingsInput,
  type ValueFieldInput,
} from './settings/from-object';
export { loadPersistenceXml, parsePersistenceXml } from './settings/from-xml';
export type { PersistenceSettings } from './settings/model';
export type { PojoClass } from './settings/pojo-class';
export { StoreTransaction, type TransactionOptions, type TransactionState } from './transaction';
