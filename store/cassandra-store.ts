import { performance } from 'node:perf_hooks';

import type { types } from 'cassandra-driver';

import { consistencyOf, type ConsistencyName, type DataSource } from './data-source';
import { generateDdl, type TableDdl } from './ddl/generate';
import { MappingError, SettingsError, StoreError, type ItemFailure } from './errors';
import type { StoreHooks, StoreOperation } from './hooks';
import { keyMapper, valueMapper, type KeyMapper, type ValueMapper } from './mapping/mappers';
import { tableStatements, type TableStatements } from './mapping/statements';
import {
  discardResult,
  executeBulk,
  executeOne,
  groupUnits,
  inReadUnits,
  statementUnits,
  type BulkUnits,
  type ExecutionContext,
} from './private/executor';
import { classify } from './private/classify';
import { groupByReplicas, type GroupLimits } from './private/grouping';
import { ReplicaRouter } from './private/replicas';
import { keyColumns } from './mapping/columns';
import { fullScanTasks, scanRows, type ScanTask } from './private/scan';
import { exponentialBackoff, type RetryPolicy } from './retry';
import type { PersistenceSettings } from './settings/model';
import type { Mutation, StoreTransaction } from './transaction';

/** Options of {@link CassandraStore}. */
export interface StoreOptions {
  readonly dataSource: DataSource;
  readonly settings: PersistenceSettings;
  /**
   * The cache name: the table when the settings name none (trimmed and lower-cased, as the
   * original did). @default - the settings' table, which must then be set
   */
  readonly table?: string;
  /**
   * `auto`: create the keyspace, table and indexes when Cassandra reports them missing on a write.
   * `none`: never run DDL; a missing table is an error that says how to create it.
   * @default 'auto'
   */
  readonly schema?: 'auto' | 'none';
  /** @default - the data source's */
  readonly readConsistency?: ConsistencyName;
  /** @default - the data source's */
  readonly writeConsistency?: ConsistencyName;
  /** Rows per page of reads and scans. @default - the data source's */
  readonly fetchSize?: number;
  /**
   * Statements in flight per bulk call. The throughput plateau of the store benchmark on a local
   * node starts near 64; more only adds latency. @default 128
   */
  readonly maxInFlight?: number;
  /** Retries of transient failures. @default exponentialBackoff() - 6 attempts, 50 ms–2 s full jitter */
  readonly retryPolicy?: RetryPolicy;
  /**
   * Group same-partition rows of `writeAll` into UNLOGGED batches (at most `maxBatchRows` rows
   * each). Only keys with clustering columns share partitions.
   * @default true
   */
  readonly batchSamePartition?: boolean;
  /** @default 32 */
  readonly maxBatchRows?: number;
  /**
   * How `writeAll`, `deleteAll` and `loadAll` share requests among keys of different partitions.
   * - `replica`: partitions whose replicas are the same nodes share a request (an UNLOGGED batch
   *   for writes and deletes, one `IN` query for reads of one-column keys) of at most
   *   `maxPartitionsPerRequest` partitions and `maxBatchRows` rows, routed to one of those
   *   replicas. Cassandra pays its per-request cost once per group instead of once per key, and
   *   no coordinator forwards rows to another node.
   * - `partition`: one request per partition (rows of one partition batch together when
   *   `batchSamePartition`), as the original Java store does.
   * Either way a failed request fails, and retries, exactly its own keys.
   * @default 'replica'
   */
  readonly bulkGrouping?: 'replica' | 'partition';
  /**
   * Partitions per grouped request. Cassandra logs a warning for every UNLOGGED batch over more
   * partitions than its `unlogged_batch_across_partitions_warn_threshold` (10 by default).
   * @default 10
   */
  readonly maxPartitionsPerRequest?: number;
  /** Token ranges read in parallel by a full `loadCache`. @default 4 */
  readonly scanParallelism?: number;
  /** Token ranges a full `loadCache` is split into. @default 64 */
  readonly scanSplits?: number;
  /** @default - none */
  readonly hooks?: StoreHooks;
}

/** Per-call options of writes and deletes. */
export interface MutationOptions {
  /** Buffer the mutation in this transaction instead of running it. */
  readonly transaction?: StoreTransaction;
}

/** A `loadCache` source: a CQL SELECT returning every key and value column, with optional parameters. */
export type LoadCacheQuery =
  string | { readonly query: string; readonly params?: readonly unknown[] };

function positiveInteger(n: number, name: string): number {
  if (!Number.isInteger(n) || n < 1)
    throw new StoreError(`${name} must be a positive integer, got ${n}`, {
      code: 'SETTING_INVALID',
      data: { setting: name, value: n },
    });
  return n;
}

/** A mapping error thrown while binding, as the rejected promise the caller awaits. */
function rejected(error: unknown): Promise<never> {
  return Promise.reject(error instanceof Error ? error : new Error(String(error)));
}

/**
 * The embedded Cassandra cache store: persists keys and values of one cache in one table with the
 * PRIMITIVE, BLOB or POJO strategy of its persistence settings. The TypeScript counterpart of
 * Ignite's `CassandraCacheStore`, with bounded, retried, asynchronous bulk operations.
 *
 * ```ts
 * const dataSource = new DataSource({ contactPoints: ['127.0.0.1:9042'] });
 * const store = new CassandraStore<bigint, Person>({ dataSource, settings, table: 'people' });
 * await store.write(1n, person);
 * const p = await store.load(1n);
 * ```
 */
export class CassandraStore<K = unknown, V = unknown> {
  /** Keyspace, table and index DDL of this store's table: what automatic creation runs. */
  readonly ddl: TableDdl;
  /** The statements this store runs. */
  readonly statements: TableStatements;
  private readonly key: KeyMapper;
  private readonly value: ValueMapper;
  private readonly ctx: ExecutionContext;
  private readonly readOptions: {
    prepare: true;
    isIdempotent: true;
    consistency: number;
    fetchSize: number;
  };
  private readonly writeOptions: { prepare: true; isIdempotent: true; consistency: number };
  private readonly batchOptions: {
    prepare: true;
    isIdempotent: true;
    consistency: number;
    logged: false;
  };
  /** Encodes partition keys and finds their replicas (undefined: a column type it cannot encode). */
  private readonly router: ReplicaRouter | undefined;
  /** How writeAll and deleteAll group items; undefined: one statement per item. */
  private readonly writeGroups: GroupLimits | undefined;
  /** How loadAll groups keys into `IN` reads; undefined: one SELECT per key. */
  private readonly readGroups: GroupLimits | undefined;
  private readonly scanParallelism: number;
  private readonly scanSplits: number;
  private readonly hooks: StoreHooks | undefined;
  /** A result set's first row as a value: made once, so reads create no closure per call. */
  private readonly valueOf: (rs: types.ResultSet | undefined) => V | undefined;

  constructor(private readonly options: StoreOptions) {
    const { settings, dataSource } = options;
    const table = settings.table ?? options.table?.trim().toLowerCase();
    if (!table) {
      throw new SettingsError(
        'no table: the settings name none and no cache name was given',
        settings.source ? { file: settings.source } : {},
        'Set table="…" in the descriptor or the store option table.',
      );
    }
    this.ddl = generateDdl(settings, table);
    this.key = keyMapper(settings.key);
    this.value = valueMapper(settings);
    const value = this.value;
    this.valueOf = (rs) => {
      const row = rs?.first() as types.Row | null | undefined;
      return row ? (value.fromRow(row) as V) : undefined;
    };
    this.statements = tableStatements(
      settings.keyspace,
      table,
      this.key,
      this.value,
      settings.ttlSeconds,
    );
    const maxInFlight = positiveInteger(options.maxInFlight ?? 128, 'maxInFlight');
    this.hooks = options.hooks;
    this.ctx = {
      client: dataSource.client,
      schema: dataSource.schema.table(this.ddl),
      names: [this.ddl.keyspace, this.ddl.table],
      createSchema: (options.schema ?? 'auto') === 'auto',
      retry: options.retryPolicy ?? exponentialBackoff(),
      maxInFlight,
      hooks: options.hooks,
    };
    this.readOptions = {
      prepare: true,
      isIdempotent: true,
      consistency: options.readConsistency
        ? consistencyOf(options.readConsistency, 'readConsistency')
        : dataSource.readConsistency,
      fetchSize: options.fetchSize ?? dataSource.fetchSize,
    };
    this.writeOptions = {
      prepare: true,
      isIdempotent: true,
      consistency: options.writeConsistency
        ? consistencyOf(options.writeConsistency, 'writeConsistency')
        : dataSource.writeConsistency,
    };
    this.batchOptions = { ...this.writeOptions, logged: false };
    const batchRows = positiveInteger(options.maxBatchRows ?? 32, 'maxBatchRows');
    const maxPartitions = positiveInteger(
      options.maxPartitionsPerRequest ?? 10,
      'maxPartitionsPerRequest',
    );
    const grouping: string = options.bulkGrouping ?? 'replica';
    if (grouping !== 'replica' && grouping !== 'partition')
      throw new StoreError(`bulkGrouping must be 'replica' or 'partition', got ${grouping}`, {
        code: 'SETTING_INVALID',
        data: { setting: 'bulkGrouping', value: grouping },
      });
    const routing = ReplicaRouter.create(
      dataSource.client,
      this.ddl.keyspace,
      keyColumns(settings.key).slice(0, this.key.partitionColumns),
    );
    this.router = 'router' in routing ? routing.router : undefined;
    if ('problem' in routing) {
      options.hooks?.onWarning?.({
        code: 'replica-grouping-disabled',
        message: `Bulk calls on ${this.ddl.keyspace}.${this.ddl.table} are not grouped by replica or partition (one request per key): ${routing.problem}.`,
        table: `${this.ddl.keyspace}.${this.ddl.table}`,
      });
    }
    const byReplica = grouping === 'replica' && this.router !== undefined;
    // Only keys with clustering columns can put several rows into one partition.
    const samePartition =
      (options.batchSamePartition ?? true) && this.key.columns.length > this.key.partitionColumns;
    // One partition per request is grouping by partition: the rows of each batch together.
    this.writeGroups =
      byReplica || (samePartition && this.router)
        ? { maxPartitions: byReplica ? maxPartitions : 1, maxRows: batchRows }
        : undefined;
    this.readGroups =
      byReplica && this.statements.selectValuesIn
        ? { maxPartitions, maxRows: maxPartitions }
        : undefined;
    this.scanParallelism = options.scanParallelism ?? 4;
    this.scanSplits = options.scanSplits ?? 64;
  }

  /** Keyspace and table of this store. */
  get table(): string {
    return `${this.ddl.keyspace}.${this.ddl.table}`;
  }

  /** The value stored for `key`, or undefined when there is none (or the table does not exist yet). */
  load(key: K): Promise<V | undefined> {
    if (key === null || key === undefined) return Promise.resolve(undefined);
    if (this.hooks?.onOperation) return this.observe('load', 1, () => this.loadOnce(key));
    return this.loadOnce(key);
  }

  private loadOnce(key: K): Promise<V | undefined> {
    return executeOne(
      this.ctx,
      'load',
      key,
      this.statements.selectValue,
      this.bindKey(key),
      this.readOptions,
      false,
      this.valueOf,
    );
  }

  /**
   * The values of the keys that have one, keyed by the very key objects passed in. With
   * `bulkGrouping: 'replica'` and a one-column key, one `IN` query per group of keys on the same
   * replicas; otherwise one SELECT per key. At most `maxInFlight` requests in flight, each routed to
   * a replica of its keys.
   *
   * @throws BulkOperationError listing the keys that could not be read
   */
  loadAll(keys: Iterable<K>): Promise<Map<K, V>> {
    const { list, bound, prefailed } = this.bindKeys(keys);
    const result = new Map<K, V>();
    if (list.length === 0) return Promise.resolve(result);
    const router = this.router;
    const inQuery = this.statements.selectValuesIn;
    let units: BulkUnits;
    let onResult: (unit: number, rs: types.ResultSet) => void;
    if (router && inQuery && this.readGroups) {
      const { groups, routingKeys } = groupByReplicas(router, bound, this.readGroups);
      units = inReadUnits(
        this.ctx.client,
        this.statements.selectValue,
        inQuery,
        bound,
        groups,
        routingKeys,
        this.readOptions,
      );
      const column = this.key.columns[0] as string;
      onResult = (unit, rs) => {
        const items = units.items(unit);
        if (items.length === 1) {
          const value = this.valueOf(rs);
          if (value !== undefined) result.set(list[items[0] as number] as K, value);
          return;
        }
        // Rows come back in token order, not key order: matched by the key's serialized bytes.
        for (const row of rs.rows) {
          const bytes = router.encode(row[column], router.firstType);
          for (const i of items) {
            if (routingKeys[i]?.equals(bytes))
              result.set(list[i] as K, this.value.fromRow(row) as V);
          }
        }
      };
    } else {
      units = statementUnits(this.ctx.client, this.statements.selectValue, bound, this.readOptions);
      onResult = (unit, rs) => {
        const value = this.valueOf(rs);
        if (value !== undefined) result.set(list[unit] as K, value);
      };
    }
    const run = async (): Promise<Map<K, V>> => {
      await executeBulk(this.ctx, 'loadAll', list, units, prefailed, false, onResult);
      return result;
    };
    return this.hooks?.onOperation ? this.observe('loadAll', list.length, run) : run();
  }

  /** Writes one entry (creating the table first if Cassandra reports it missing). */
  write(key: K, value: V, options?: MutationOptions): Promise<void> {
    if (key === null || key === undefined) return Promise.resolve();
    try {
      if (options?.transaction) {
        options.transaction.add(this.mutation('write', key, value));
        return Promise.resolve();
      }
      const params = this.bindEntry(key, value);
      if (this.hooks?.onOperation)
        return this.observe('write', 1, () =>
          this.mutate('write', key, this.statements.insert, params, true),
        );
      return this.mutate('write', key, this.statements.insert, params, true);
    } catch (error) {
      return rejected(error);
    }
  }

  /**
   * Writes entries with at most `maxInFlight` statements in flight; rows of one partition go
   * together in UNLOGGED batches. Either every entry is written, or a BulkOperationError lists
   * exactly the keys that were not, with the reason for each (all others were written).
   */
  async writeAll(entries: Iterable<readonly [K, V]>, options?: MutationOptions): Promise<void> {
    const transaction = options?.transaction;
    const keys: K[] = [];
    const bound: (unknown[] | undefined)[] = [];
    const prefailed = new Map<number, ItemFailure<unknown>>();
    for (const [k, v] of entries) {
      if (k === null || k === undefined) continue;
      if (transaction) {
        transaction.add(this.mutation('write', k, v));
        continue;
      }
      try {
        bound.push(this.bindEntry(k, v));
      } catch (error) {
        if (!(error instanceof MappingError)) throw error;
        bound.push(undefined);
        prefailed.set(keys.length, { key: k, error, attempts: 0, kind: classify(error, []).kind });
      }
      keys.push(k);
    }
    if (keys.length === 0) return;
    const query = this.statements.insert;
    const units = this.mutationUnits(query, bound);
    const run = () => executeBulk(this.ctx, 'writeAll', keys, units, prefailed, true, undefined);
    await (this.hooks?.onOperation ? this.observe('writeAll', keys.length, run) : run());
  }

  /** Deletes one key (nothing happens if the table does not exist). */
  delete(key: K, options?: MutationOptions): Promise<void> {
    if (key === null || key === undefined) return Promise.resolve();
    try {
      if (options?.transaction) {
        options.transaction.add(this.mutation('delete', key));
        return Promise.resolve();
      }
      const params = this.bindKey(key);
      if (this.hooks?.onOperation)
        return this.observe('delete', 1, () =>
          this.mutate('delete', key, this.statements.delete, params, false),
        );
      return this.mutate('delete', key, this.statements.delete, params, false);
    } catch (error) {
      return rejected(error);
    }
  }

  /** One write or delete statement, retried; a missing table is created for writes only. */
  private mutate(
    operation: 'write' | 'delete',
    key: K,
    query: string,
    params: unknown[],
    requireTable: boolean,
  ): Promise<void> {
    return executeOne(
      this.ctx,
      operation,
      key,
      query,
      params,
      this.writeOptions,
      requireTable,
      discardResult,
    );
  }

  /** Deletes keys with at most `maxInFlight` in flight; failures are listed per key. */
  async deleteAll(keys: Iterable<K>, options?: MutationOptions): Promise<void> {
    const transaction = options?.transaction;
    if (transaction) {
      for (const k of keys)
        if (k !== null && k !== undefined) transaction.add(this.mutation('delete', k));
      return;
    }
    const { list, bound, prefailed } = this.bindKeys(keys);
    if (list.length === 0) return;
    const units = this.mutationUnits(this.statements.delete, bound);
    const run = () => executeBulk(this.ctx, 'deleteAll', list, units, prefailed, false, undefined);
    await (this.hooks?.onOperation ? this.observe('deleteAll', list.length, run) : run());
  }

  /**
   * Every entry of the table (no arguments), or the rows of the given SELECT statements, as an
   * async iterable of `[key, value]`. A full scan reads token ranges in parallel with paging, so
   * memory stays bounded by page size × parallelism, whatever the table size. Queries must select
   * every key and value column; their LIMIT and WHERE are honoured.
   *
   * ```ts
   * for await (const [key, value] of store.loadCache()) cache.set(key, value);
   * ```
   */
  loadCache(...queries: LoadCacheQuery[]): AsyncIterable<[K, V]> {
    const tasks: ScanTask[] = queries.length
      ? queries.map((q, i) => {
          const query = typeof q === 'string' ? q : q.query;
          if (!/^\s*select\b/i.test(query)) {
            throw new StoreError(
              `loadCache: argument ${i + 1} is not a SELECT statement: ${query}`,
              {
                code: 'SETTING_INVALID',
                data: { setting: `loadCache argument ${i + 1}`, value: query },
                hint: 'Pass SELECT statements that return every key and value column.',
              },
            );
          }
          return {
            query: query.trim().replace(/;\s*$/, ''),
            params: typeof q === 'string' ? [] : [...(q.params ?? [])],
          };
        })
      : fullScanTasks(
          this.statements.selectAll,
          this.key.columns.slice(0, this.key.partitionColumns),
          this.scanSplits,
        );
    const requiredColumns = [...new Set([...this.key.columns, ...this.value.readColumns])];
    const rows = scanRows(
      this.ctx,
      tasks,
      {
        parallelism: this.scanParallelism,
        fetchSize: this.readOptions.fetchSize,
        consistency: this.readOptions.consistency,
        requiredColumns,
      },
      (row) => [this.key.fromRow(row) as K, this.value.fromRow(row) as V] as [K, V],
    );
    return { [Symbol.asyncIterator]: () => rows };
  }

  /** @internal a write or delete as a statement, for transactions */
  mutation(kind: 'write' | 'delete', key: K, value?: V): Mutation {
    return kind === 'write'
      ? {
          kind,
          store: this,
          key,
          query: this.statements.insert,
          params: this.bindEntry(key, value as V),
          ctx: this.ctx,
        }
      : {
          kind,
          store: this,
          key,
          query: this.statements.delete,
          params: this.bindKey(key),
          ctx: this.ctx,
        };
  }

  /** @internal consistency of writes, for transactions */
  get writeConsistency(): number {
    return this.writeOptions.consistency;
  }

  private bindKey(key: K): unknown[] {
    const params: unknown[] = [];
    this.key.bind(key, params);
    return params;
  }

  private bindEntry(key: K, value: V): unknown[] {
    const params: unknown[] = [];
    this.key.bind(key, params);
    this.value.bind(value, params);
    return params;
  }

  /** Binds each non-null key; keys that cannot be bound fail up front (listed in the bulk error). */
  private bindKeys(keys: Iterable<K>): {
    list: K[];
    bound: (unknown[] | undefined)[];
    prefailed: Map<number, ItemFailure<unknown>>;
  } {
    const list: K[] = [];
    const bound: (unknown[] | undefined)[] = [];
    const prefailed = new Map<number, ItemFailure<unknown>>();
    for (const k of keys) {
      if (k === null || k === undefined) continue;
      try {
        bound.push(this.bindKey(k));
      } catch (error) {
        if (!(error instanceof MappingError)) throw error;
        bound.push(undefined);
        prefailed.set(list.length, { key: k, error, attempts: 0, kind: classify(error, []).kind });
      }
      list.push(k);
    }
    return { list, bound, prefailed };
  }

  /** The requests of a writeAll or deleteAll: grouped by replica set, by partition, or one per item. */
  private mutationUnits(query: string, bound: readonly (unknown[] | undefined)[]): BulkUnits {
    const client = this.ctx.client;
    if (!this.router || !this.writeGroups)
      return statementUnits(client, query, bound, this.writeOptions);
    const { groups } = groupByReplicas(this.router, bound, this.writeGroups);
    return groupUnits(client, query, bound, groups, this.writeOptions, this.batchOptions);
  }

  /** Times an operation for the hooks. */
  private async observe<T>(
    operation: StoreOperation,
    items: number,
    fn: () => Promise<T>,
  ): Promise<T> {
    const hooks = this.hooks;
    if (!hooks?.onOperation) return fn();
    const started = performance.now();
    try {
      const result = await fn();
      hooks.onOperation({ operation, items, failed: 0, latencyMs: performance.now() - started });
      return result;
    } catch (error) {
      const failed =
        error instanceof Error && 'failures' in error
          ? (error as { failures: unknown[] }).failures.length
          : items;
      hooks.onOperation({ operation, items, failed, latencyMs: performance.now() - started });
      throw error;
    }
  }
}
