import { setTimeout as sleep } from 'node:timers/promises';

import { errors, type Client, type QueryOptions, type types } from 'cassandra-driver';

import {
  BulkOperationError,
  MappingError,
  SchemaError,
  StoreError,
  describeKey,
  type ItemFailure,
} from '../errors';
import type { StoreHooks, StoreOperation } from '../hooks';
import type { RetryPolicy } from '../retry';
import { classify, type Classified } from './classify';
import { forEachBounded } from './lanes';
import { describeNoHost } from './no-host';
import type { TableSchema } from './schema';

/** A failure of one statement, with its classification. */
export class OperationError extends StoreError {
  constructor(
    message: string,
    readonly kind: string,
    readonly attempts: number,
    cause: unknown,
  ) {
    super(message, { code: 'OPERATION_FAILED', data: { kind, attempts }, cause });
  }
}

/** Everything a table's operations share. */
export interface ExecutionContext {
  readonly client: Client;
  readonly schema: TableSchema;
  readonly createSchema: boolean;
  readonly retry: RetryPolicy;
  readonly maxInFlight: number;
  readonly hooks: StoreHooks | undefined;
  /** Keyspace and table names, for recognising missing-schema errors. */
  readonly names: readonly string[];
}

/** Driver execution options (a plain object the store prepares once). */
type ExecOptions = QueryOptions;

/**
 * The statements of one bulk call, by index so that a row costs nothing beyond its bound
 * parameters: unit `u` is one statement or one batch, covering the items {@link BulkUnits.items}.
 */
export interface BulkUnits {
  /** The units to run (every unit whose items could be bound). */
  readonly initial: readonly number[];
  /** The items (indexes into the call's keys) a unit covers; read only when it fails or is retried. */
  items(unit: number): readonly number[];
  run(unit: number): Promise<types.ResultSet>;
  /**
   * One unit per item of a group that Cassandra refused: one bad key (say, an empty partition key)
   * fails a whole batch, and only that key should fail. Undefined when units are single items.
   */
  split?(unit: number): number[];
}

/** One statement per item: unit `i` is item `i` (items that could not be bound are left out). */
export function statementUnits(
  client: Client,
  query: string,
  bound: readonly (unknown[] | undefined)[],
  options: ExecOptions,
): BulkUnits {
  const initial: number[] = [];
  for (let i = 0; i < bound.length; i++) if (bound[i]) initial.push(i);
  return {
    initial,
    items: (unit) => [unit],
    run: (unit) => client.execute(query, bound[unit], options),
  };
}

/**
 * One unit per group of items: `query` alone for a group of one, `runGroup` otherwise. Units from
 * `groups.length` on are single items of split groups (unit `groups.length + i` is item `i`).
 */
function groupedUnits(
  client: Client,
  query: string,
  bound: readonly (unknown[] | undefined)[],
  groups: readonly (readonly number[])[],
  options: ExecOptions,
  runGroup: (items: readonly number[]) => Promise<types.ResultSet>,
): BulkUnits {
  const singles = groups.length;
  const single = (item: number) => client.execute(query, bound[item], options);
  return {
    initial: groups.map((_, g) => g),
    items: (unit) => (unit >= singles ? [unit - singles] : (groups[unit] ?? [])),
    split: (unit) => (groups[unit] ?? []).map((i) => singles + i),
    run: (unit) => {
      if (unit >= singles) return single(unit - singles);
      const items = groups[unit] ?? [];
      return items.length === 1 ? single(items[0] as number) : runGroup(items);
    },
  };
}

/** Writes or deletes by group: an UNLOGGED batch per group (a plain statement for a group of one). */
export function groupUnits(
  client: Client,
  query: string,
  bound: readonly (unknown[] | undefined)[],
  groups: readonly (readonly number[])[],
  options: ExecOptions,
  batchOptions: ExecOptions,
): BulkUnits {
  return groupedUnits(client, query, bound, groups, options, (items) =>
    client.batch(
      items.map((i) => ({ query, params: bound[i] as unknown[] })),
      batchOptions,
    ),
  );
}

/**
 * Reads by group of keys (of a one-column key): one `key IN ?` query per group, routed to the
 * group's replicas (its first routing key); a plain SELECT for a group of one.
 */
export function inReadUnits(
  client: Client,
  singleQuery: string,
  inQuery: string,
  bound: readonly (unknown[] | undefined)[],
  groups: readonly (readonly number[])[],
  routingKeys: readonly (Buffer | undefined)[],
  options: ExecOptions,
): BulkUnits {
  return groupedUnits(client, singleQuery, bound, groups, options, (items) => {
    const values = items.map((i) => (bound[i] as unknown[])[0]);
    const routingKey = routingKeys[items[0] as number];
    return client.execute(inQuery, [values], routingKey ? { ...options, routingKey } : options);
  });
}

const MAX_SCHEMA_ROUNDS = 3;

function missingSchemaError(ctx: ExecutionContext, cause: unknown): SchemaError {
  return new SchemaError(
    `${ctx.schema.ddl.keyspace}.${ctx.schema.ddl.table} does not exist and automatic schema creation is off`,
    {
      code: 'TABLE_MISSING',
      data: { keyspace: ctx.schema.ddl.keyspace, table: ctx.schema.ddl.table },
      hint: 'Create the keyspace and table from the same settings (the store can print their DDL), or set schema: "auto".',
      cause,
    },
  );
}

/** The message of a failed statement; for no-host, what is known of the hosts. */
function reason(ctx: ExecutionContext, error: unknown): string {
  if (error instanceof errors.NoHostAvailableError)
    return `${error.message} ${describeNoHost(error, ctx.client)}`;
  return error instanceof Error ? error.message : String(error);
}

function failure(
  ctx: ExecutionContext,
  operation: StoreOperation,
  key: unknown,
  c: Classified,
  attempt: number,
  error: unknown,
): OperationError {
  const e = new OperationError(
    `${operation} of key ${describeKey(key)} in ${ctx.schema.ddl.keyspace}.${ctx.schema.ddl.table} failed (${c.kind}, ${attempt} attempt${attempt > 1 ? 's' : ''}): ${reason(ctx, error)}`,
    c.kind,
    attempt,
    error,
  );
  ctx.hooks?.onError?.({
    operation,
    errorKind: c.kind,
    error: e,
    items: 1,
    failuresByKind: { [c.kind]: 1 },
  });
  return e;
}

/**
 * Runs one statement with the retry policy: transient failures are retried after the policy's
 * delay; a missing keyspace or table is created once (when allowed) and the statement retried; a
 * missing table on a read yields undefined (`requireTable: false`), as the original did. `result`
 * maps the result set (a function made once per store: the hot path creates no closures, which
 * tsx would wrap in name-keeping helpers, and stacks one async layer on the driver's promise).
 */
export async function executeOne<T>(
  ctx: ExecutionContext,
  operation: StoreOperation,
  key: unknown,
  query: string,
  params: unknown[],
  options: ExecOptions,
  requireTable: boolean,
  result: (rs: types.ResultSet | undefined) => T,
): Promise<T> {
  const generation = ctx.schema.generation;
  let rs: types.ResultSet | undefined;
  try {
    rs = await ctx.client.execute(query, params, options);
  } catch (error) {
    rs = await retryOne(
      ctx,
      operation,
      key,
      query,
      params,
      options,
      requireTable,
      generation,
      error,
    );
  }
  return result(rs);
}

/** For {@link executeOne} when the result is not needed. */
export const discardResult = (): undefined => undefined;

/** For {@link executeOne} when the result set itself is wanted. */
export const resultSet = (rs: types.ResultSet | undefined): types.ResultSet | undefined => rs;

async function retryOne(
  ctx: ExecutionContext,
  operation: StoreOperation,
  key: unknown,
  query: string,
  params: unknown[],
  options: ExecOptions,
  requireTable: boolean,
  startGeneration: number,
  firstError: unknown,
): Promise<types.ResultSet | undefined> {
  let generation = startGeneration;
  let error = firstError;
  let attempt = 0;
  let schemaRounds = 0;
  for (;;) {
    const c = classify(error, ctx.names);
    if (c.class === 'missing-schema') {
      if (!requireTable) return undefined;
      if (!ctx.createSchema) throw missingSchemaError(ctx, error);
      if (++schemaRounds > MAX_SCHEMA_ROUNDS)
        throw failure(ctx, operation, key, c, attempt + 1, error);
      await ctx.schema.ensure(generation, ctx.hooks);
      generation = ctx.schema.generation;
    } else {
      attempt++;
      const d = c.class === 'transient' ? ctx.retry.decide(attempt, c.kind) : undefined;
      if (!d?.retry) throw failure(ctx, operation, key, c, attempt, error);
      ctx.hooks?.onRetry?.({ operation, attempt, errorKind: c.kind, items: 1, delayMs: d.delayMs });
      if (d.delayMs > 0) await sleep(d.delayMs);
    }
    try {
      return await ctx.client.execute(query, params, options);
    } catch (next) {
      error = next;
    }
  }
}

/**
 * Runs the units of a bulk call with at most `maxInFlight` in flight. Failed units are retried as
 * a remainder (never the whole call): transient failures after the policy's delay, missing schema
 * after creating it. Items that fail for good are collected; if any, a {@link BulkOperationError}
 * lists exactly those keys with their reasons, once every other item has completed.
 *
 * @param prefailed items that could not even be turned into a statement (mapping errors)
 * @param onResult called once per successful unit
 */
export async function executeBulk(
  ctx: ExecutionContext,
  operation: StoreOperation,
  keys: readonly unknown[],
  units: BulkUnits,
  prefailed: ReadonlyMap<number, ItemFailure<unknown>>,
  requireTable: boolean,
  onResult: ((unit: number, rs: types.ResultSet) => void) | undefined,
): Promise<void> {
  const failures = new Map<number, ItemFailure<unknown>>(prefailed);
  let pending = units.initial;
  let attempt = 0;
  let schemaRounds = 0;
  let generation = ctx.schema.generation;
  const fail = (unit: number, error: unknown, kind: string): void => {
    // A value that cannot be read (SerializationError) or bound stays the error of its item.
    const itemError =
      error instanceof MappingError
        ? error
        : new OperationError(`${kind}: ${reason(ctx, error)}`, kind, attempt, error);
    for (const index of units.items(unit)) {
      failures.set(index, { key: keys[index], error: itemError, attempts: attempt, kind });
    }
  };
  while (pending.length > 0) {
    const round = pending;
    const failed: { unit: number; error: unknown; cls: Classified }[] = [];
    await forEachBounded(round.length, ctx.maxInFlight, async (i) => {
      const unit = round[i] as number;
      try {
        const rs = await units.run(unit);
        onResult?.(unit, rs);
      } catch (error) {
        failed.push({ unit, error, cls: classify(error, ctx.names) });
      }
    });
    if (failed.length === 0) break;
    attempt++;
    const retry: number[] = [];
    const missing = failed.filter((f) => f.cls.class === 'missing-schema');
    if (missing.length > 0 && requireTable) {
      // Reads and deletes of a table that does not exist find nothing: those units are simply done.
      if (!ctx.createSchema) throw missingSchemaError(ctx, missing[0]?.error);
      if (++schemaRounds <= MAX_SCHEMA_ROUNDS) {
        await ctx.schema.ensure(generation, ctx.hooks);
        generation = ctx.schema.generation;
        retry.push(...missing.map((f) => f.unit));
      } else {
        for (const f of missing) fail(f.unit, f.error, 'missing-schema');
      }
    }
    let delayMs = 0;
    let retriedKind = '';
    for (const f of failed) {
      if (f.cls.class === 'missing-schema') continue;
      if (f.cls.class === 'permanent' && units.split && units.items(f.unit).length > 1) {
        // Refused as a group: each key on its own, so that only the keys at fault fail.
        retry.push(...units.split(f.unit));
        continue;
      }
      const d = f.cls.class === 'transient' ? ctx.retry.decide(attempt, f.cls.kind) : undefined;
      if (d?.retry) {
        retry.push(f.unit);
        delayMs = Math.max(delayMs, d.delayMs);
        retriedKind ||= f.cls.kind;
      } else {
        fail(f.unit, f.error, f.cls.kind);
      }
    }
    if (retriedKind) {
      const items = retry.reduce((n, u) => n + units.items(u).length, 0);
      ctx.hooks?.onRetry?.({ operation, attempt, errorKind: retriedKind, items, delayMs });
      if (delayMs > 0) await sleep(delayMs);
    }
    pending = retry;
  }
  if (failures.size > 0) {
    const list = [...failures.entries()].sort((a, b) => a[0] - b[0]).map(([, f]) => f);
    const error = new BulkOperationError(operation, list, keys.length);
    ctx.hooks?.onError?.({
      operation,
      errorKind: list[0]?.kind ?? 'unknown',
      error,
      items: list.length,
      failuresByKind: error.failuresByKind,
    });
    throw error;
  }
}
