/**
 * The baseline: the workload through the raw cassandra-driver, with the statements the store
 * issues for the same mapping (prepared single-row INSERT / SELECT / DELETE; bulk operations run
 * their rows concurrently, as the store's batch assistants do). It creates its keyspace and a table
 * shaped for the key and value generators.
 */
import { Client, ExecutionProfile, types, type QueryOptions } from 'cassandra-driver';

import { waitFor } from '../../common/wait';
import type { OperationType } from '../operations';
import { OPERATION_TYPES } from '../operations';
import { CountingRetryPolicy } from './private/counting-retry-policy';
import { keyColumnType, valueMapping } from './private/cql-mapping';
import { classifyDriverError } from './private/driver-errors';
import type { Target, TargetContext, TargetDefinition } from './target';

/** The table name when the configuration gives none: one table per generator pair. */
export function driverTableName(context: TargetContext): string {
  const { config } = context;
  return config.tableName ?? `kv_${config.keys.generator}_${config.values.generator}`;
}

export function createDriverTarget(context: TargetContext): Target {
  const { config } = context;
  const c = config.cassandra;
  const table = `${c.keyspace}.${driverTableName(context)}`;
  const mapping = valueMapping(config.values.generator);
  const columns = mapping.columns.map(([name]) => name);
  // One execution profile per operation type, so a retry is counted where it happened.
  const client = new Client({
    contactPoints: c.contactPoints,
    localDataCenter: c.localDataCenter,
    encoding: { useBigIntAsLong: true },
    socketOptions: { readTimeout: c.requestTimeoutMs, connectTimeout: 5000 },
    // Protocol v4 allows 32768 requests per connection; bulk calls put bulkSize rows in flight.
    pooling: { maxRequestsPerConnection: 32768 },
    queryOptions: {
      consistency: types.consistencies[c.consistency],
      prepare: true,
      isIdempotent: true,
    },
    profiles: OPERATION_TYPES.map(
      (op) =>
        new ExecutionProfile(op, {
          retry: new CountingRetryPolicy(() => {
            context.countRetries(op);
          }),
        }),
    ),
  });
  const options = Object.fromEntries(
    OPERATION_TYPES.map((op) => [op, { prepare: true, isIdempotent: true, executionProfile: op }]),
  ) as Record<OperationType, QueryOptions>;
  const insert = `INSERT INTO ${table} (key, ${columns.join(', ')}) VALUES (?${', ?'.repeat(columns.length)})`;
  const select = `SELECT ${columns.join(', ')} FROM ${table} WHERE key = ?`;
  const remove = `DELETE FROM ${table} WHERE key = ?`;

  const write = async (key: unknown, value: unknown, op: OperationType): Promise<void> => {
    await client.execute(insert, [key, ...mapping.params(value)], options[op]);
  };
  const read = async (key: unknown, op: OperationType): Promise<unknown> => {
    const row = (await client.execute(select, [key], options[op])).first() as types.Row | null;
    return row ? mapping.fromRow(row) : undefined;
  };
  const del = async (key: unknown, op: OperationType): Promise<void> => {
    await client.execute(remove, [key], options[op]);
  };
  /**
   * Runs the rows of a bulk call concurrently and settles when all have: a failing row must not
   * end the call while its siblings are still in flight (the in-flight bound would not hold).
   */
  const all = async <T>(rows: readonly Promise<T>[]): Promise<T[]> => {
    const settled = await Promise.allSettled(rows);
    const failed = settled.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    return settled.map((r) => (r as PromiseFulfilledResult<T>).value);
  };

  return {
    description: `driver → ${c.contactPoints.join(', ')} (${c.localDataCenter}), table ${table}`,
    async setUp() {
      await waitFor(() => client.connect().then(() => true), {
        description: `Cassandra at ${c.contactPoints.join(', ')} to accept a connection`,
        timeoutMs: c.connectTimeoutMs,
        intervalMs: 1000,
      });
      await client.execute(
        `CREATE KEYSPACE IF NOT EXISTS ${c.keyspace} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': ${c.replicationFactor}}`,
      );
      const defs = mapping.columns.map(([name, type]) => `${name} ${type}`).join(', ');
      await client.execute(
        `CREATE TABLE IF NOT EXISTS ${table} (key ${keyColumnType(config.keys.generator)} PRIMARY KEY, ${defs})`,
      );
      if (config.persistenceSettings) {
        context.log(
          'driver target: persistenceSettings is read by the store target only; the table follows the generators.',
        );
      }
    },
    write: (key, value) => write(key, value, 'write'),
    async writeAll(entries) {
      await all(entries.map(([key, value]) => write(key, value, 'bulkWrite')));
    },
    read: (key) => read(key, 'read'),
    async readAll(keys) {
      const values = await all(keys.map((key) => read(key, 'bulkRead')));
      const found = new Map<unknown, unknown>();
      keys.forEach((key, i) => {
        if (values[i] !== undefined) found.set(key, values[i]);
      });
      return found;
    },
    delete: (key) => del(key, 'delete'),
    async deleteAll(keys) {
      await all(keys.map((key) => del(key, 'bulkDelete')));
    },
    classifyError: classifyDriverError,
    async tearDown() {
      try {
        if (c.dropTableAfterRun) await client.execute(`DROP TABLE IF EXISTS ${table}`);
      } finally {
        await client.shutdown();
      }
    },
  };
}

export const driverTarget: TargetDefinition = {
  summary: 'the raw cassandra-driver: the baseline the store is compared with',
  create: createDriverTarget,
};
