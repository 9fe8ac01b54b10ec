/**
 * The embedded TypeScript store as a load-test target. With a persistence descriptor
 * (`persistenceSettings`, the original's `load.tests.persistence.settings`) it uses that mapping;
 * without one it lays the generators out exactly as the driver target does, so the two are
 * measured on the same columns and types.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import {
  BulkOperationError,
  OperationError,
  CassandraStore,
  DataSource,
  MappingError,
  SchemaError,
  SettingsError,
  StoreError,
  type ConsistencyName,
} from '../../store';
import { parsePersistenceXml } from '../../store/settings/from-xml';
import { persistenceSettings, type PersistenceInput } from '../../store/settings/from-object';
import type { PersistenceSettings } from '../../store/settings/model';
import type { StoreOperation } from '../../store/hooks';
import type { ValueGeneratorKind } from '../generators/values';
import type { OperationType } from '../operations';
import { keyColumnType, PERSON_COLUMNS } from './private/cql-mapping';
import { classifyDriverError } from './private/driver-errors';
import type { FailureClass, Target, TargetContext, TargetDefinition } from './target';

/** The runner's operation type a store operation serves, for retry counts. */
const OPERATION_OF: Readonly<Record<StoreOperation, OperationType | undefined>> = {
  write: 'write',
  writeAll: 'bulkWrite',
  load: 'read',
  loadAll: 'bulkRead',
  delete: 'delete',
  deleteAll: 'bulkDelete',
  loadCache: undefined,
  commit: undefined,
};

function valueInput(kind: ValueGeneratorKind): PersistenceInput {
  switch (kind) {
    case 'long':
      return { strategy: 'PRIMITIVE', type: 'bigint' };
    case 'string':
      return { strategy: 'PRIMITIVE', type: 'text' };
    case 'bytes':
      return { strategy: 'PRIMITIVE', type: 'blob' };
    case 'person':
      // The generator's camelCase fields on the driver target's columns.
      return {
        strategy: 'POJO',
        class: 'Person',
        fields: PERSON_COLUMNS.map(([column, type]) => ({
          name: column.replace(/_([a-z])/g, (_m: string, c: string) => c.toUpperCase()),
          column,
          type,
        })),
      };
  }
}

/** Settings for the generators when no descriptor is given: the driver target's layout. */
export function generatorSettings(context: TargetContext): PersistenceSettings {
  const { config } = context;
  return persistenceSettings({
    keyspace: config.cassandra.keyspace,
    keyspaceOptions: `replication = {'class': 'SimpleStrategy', 'replication_factor': ${config.cassandra.replicationFactor}}`,
    key: { strategy: 'PRIMITIVE', type: keyColumnType(config.keys.generator) },
    value: valueInput(config.values.generator),
  });
}

/**
 * Error kinds of the store: the statement's own kind where there is one; a bulk call's failed items
 * each under their own kind (exactly the BulkOperationError's items).
 */
export function classifyStoreError(error: unknown): FailureClass {
  if (error instanceof BulkOperationError) {
    const bulk = error as BulkOperationError;
    return { kind: bulk.failures[0]?.kind ?? 'bulk-failure', itemsByKind: bulk.failuresByKind };
  }
  if (error instanceof OperationError) return error.kind;
  if (error instanceof MappingError) return 'mapping';
  if (error instanceof SchemaError) return 'schema';
  if (error instanceof StoreError) return 'store-error';
  return classifyDriverError(error);
}

const CONSISTENCY: Readonly<Record<string, ConsistencyName>> = {
  one: 'ONE',
  localOne: 'LOCAL_ONE',
  quorum: 'QUORUM',
  localQuorum: 'LOCAL_QUORUM',
  all: 'ALL',
};

/** The descriptor named by the configuration, relative to the working directory. */
export function descriptorSettings(file: string, context: TargetContext): PersistenceSettings {
  let xml: string;
  try {
    xml = readFileSync(path.resolve(file), 'utf8');
  } catch (error) {
    throw new SettingsError(
      `cannot read the descriptor: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      { file },
      'Check persistenceSettings (load.tests.persistence.settings).',
    );
  }
  return parsePersistenceXml(xml, {
    file,
    warn: (m) => {
      context.log(m);
    },
  });
}

export function createStoreTarget(context: TargetContext): Target {
  const { config } = context;
  const c = config.cassandra;
  const consistency = CONSISTENCY[c.consistency] ?? 'LOCAL_ONE';
  const dataSource = new DataSource({
    contactPoints: c.contactPoints,
    localDataCenter: c.localDataCenter,
    readConsistency: consistency,
    writeConsistency: consistency,
    requestTimeoutMs: c.requestTimeoutMs,
    // Protocol v4 allows 32768 requests per connection; bulk calls put bulkSize rows in flight.
    maxRequestsPerConnection: 32768,
    log: (level, message) => {
      if (level === 'warn' || message.startsWith('Creating'))
        context.log(`store: ${message.split('\n')[0] ?? message}`);
    },
  });
  const settings = config.persistenceSettings
    ? descriptorSettings(config.persistenceSettings, context)
    : generatorSettings(context);
  const store = new CassandraStore({
    dataSource,
    settings,
    table:
      config.tableName ??
      settings.table ??
      `store_${config.keys.generator}_${config.values.generator}`,
    // As many rows in flight as the bulk size: the same bound the driver target puts on a bulk call.
    maxInFlight: Math.max(config.bulkSize, 1),
    bulkGrouping: config.store.bulkGrouping,
    maxPartitionsPerRequest: config.store.maxPartitionsPerRequest,
    hooks: {
      onRetry: (e) => {
        const op = OPERATION_OF[e.operation];
        if (op) context.countRetries(op, e.items);
      },
    },
  });

  return {
    description: `store → ${c.contactPoints.join(', ')} (${c.localDataCenter}), table ${store.table}, bulk calls grouped by ${config.store.bulkGrouping}`,
    async setUp() {
      await dataSource.connect();
      // Create the schema up front, so the measured phases do not time the first writer's DDL.
      for (const statement of [
        store.ddl.createKeyspace,
        store.ddl.createTable,
        ...store.ddl.createIndexes,
      ]) {
        await dataSource.runDdl(statement, undefined);
      }
    },
    write: (key, value) => store.write(key, value),
    writeAll: (entries) => store.writeAll(entries),
    read: (key) => store.load(key),
    readAll: (keys) => store.loadAll(keys),
    delete: (key) => store.delete(key),
    deleteAll: (keys) => store.deleteAll(keys),
    classifyError: classifyStoreError,
    async tearDown() {
      try {
        if (c.dropTableAfterRun)
          await dataSource.client.execute(`DROP TABLE IF EXISTS ${store.table}`);
      } finally {
        await dataSource.close();
      }
    },
  };
}

export const storeTarget: TargetDefinition = {
  summary: 'the embedded TypeScript store (persistence descriptor, or the driver target’s layout)',
  create: createStoreTarget,
};
