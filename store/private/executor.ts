import { setTimeout as sleep } from 'node:timers/promises';

import type { Client, types } from 'cassandra-driver';

import type { TableDdl } from '../ddl/generate';
import {
  BulkOperationError,
  SchemaError,
  StoreError,
  describeKey,
  type ItemFailure,
} from '../errors';
import type { StoreHooks, StoreOperation } from '../hooks';
import type { RetryPolicy } from '../retry';
import { classify } from './classify';
import { forEachBounded } from './lanes';
import type { SchemaManager } from './schema';

/** A failure of one statement, with its classification. */
export class OperationError extends StoreError {
  constructor(
    message: string,
    readonly kind: string,
    readonly attempts: number,
    cause: unknown,
  ) {
    super(message, { cause });
  }
}

/** Everything a table's operations share. */
export interface ExecutionContext {
  readonly client: Client;
  readonly schema: SchemaManager;
  readonly ddl: TableDdl;
  readonly createSchema: boolean;
  readonly retry: RetryPolicy;
  readonly maxInFlight: number;
  readonly hooks: StoreHooks | undefined;
}

/** One unit of a bulk call: one statement (or one batch) covering one or more items. */
export interface BulkUnit {
  readonly items: readonly number[];
  readonly run: () => Promise<types.ResultSet>;
}

const MAX_SCHEMA_ROUNDS = 3;

function schemaNames(ctx: ExecutionContext): string[] {
  return [ctx.ddl.keyspace, ctx.ddl.table];
}

function missingSchemaError(ctx: ExecutionContext, cause: unknown): SchemaError {
  return new SchemaError(
    `${ctx.ddl.keyspace}.${ctx.ddl.table} does not exist and automatic schema creation is off`,
    {
      hint: 'Create it with `testbed ddl <descriptor> --apply`, or set schema: "auto".',
      cause,
    },
  );
}

/**
 * Runs one statement with the retry policy: transient failures are retried after the policy's
 * delay; a missing keyspace or table is created once (when allowed) and the statement retried; a
 * missing table on a read returns undefined (`requireTable: false`), as the original did.
 */
export async function executeOne(
  ctx: ExecutionContext,
  operation: StoreOperation,
  key: unknown,
  run: () => Promise<types.ResultSet>,
  requireTable: boolean,
): Promise<types.ResultSet | undefined> {
  let generation = ctx.schema.generation(ctx.ddl);
  let attempt = 0;
  let schemaRounds = 0;
  for (;;) {
    try {
      return await run();
    } catch (error) {
      const c = classify(error, schemaNames(ctx));
      if (c.class === 'missing-schema') {
        if (!requireTable) return undefined;
        if (!ctx.createSchema) throw missingSchemaError(ctx, error);
        if (++schemaRounds > MAX_SCHEMA_ROUNDS)
          throw new OperationError(
            `${operation} of key ${describeKey(key)}: the table is still missing after creating it`,
            c.kind,
            attempt + 1,
            error,
          );
        await ctx.schema.ensure(ctx.ddl, generation, ctx.hooks);
        generation = ctx.schema.generation(ctx.ddl);
        continue;
      }
      attempt++;
      if (c.class === 'transient') {
        const d = ctx.retry.decide(attempt, c.kind);
        if (d.retry) {
          ctx.hooks?.onRetry?.({
            operation,
            attempt,
            errorKind: c.kind,
            items: 1,
            delayMs: d.delayMs,
          });
          if (d.delayMs > 0) await sleep(d.delayMs);
          continue;
        }
      }
      const e = new OperationError(
        `${operation} of key ${describeKey(key)} in ${ctx.ddl.keyspace}.${ctx.ddl.table} failed (${c.kind}, ${attempt} attempt${attempt > 1 ? 's' : ''}): ${error instanceof Error ? error.message : String(error)}`,
        c.kind,
        attempt,
        error,
      );
      ctx.hooks?.onError?.({ operation, errorKind: c.kind, error: e, items: 1 });
      throw e;
    }
  }
}

/**
 * Runs the units of a bulk call with at most `maxInFlight` in flight. Failed units are retried as
 * a remainder (never the whole call): transient failures after the policy's delay, missing schema
 * after creating it. Items that fail for good are collected; if any, a {@link BulkOperationError}
 * lists exactly those keys with their reasons once every other item has completed.
 *
 * @param prefailed items that could not even be turned into a statement (mapping errors)
 * @param onResult called once per successful unit
 */
export async function executeBulk(
  ctx: ExecutionContext,
  operation: StoreOperation,
  keys: readonly unknown[],
  units: readonly BulkUnit[],
  prefailed: ReadonlyMap<number, ItemFailure<unknown>>,
  requireTable: boolean,
  onResult: (unit: BulkUnit, rs: types.ResultSet) => void,
): Promise<{ tableMissing: boolean }> {
  const failures = new Map<number, ItemFailure<unknown>>(prefailed);
  let pending = units;
  let attempt = 0;
  let schemaRounds = 0;
  let generation = ctx.schema.generation(ctx.ddl);
  let tableMissing = false;
  while (pending.length > 0) {
    const failed: { unit: BulkUnit; error: unknown; cls: ReturnType<typeof classify> }[] = [];
    await forEachBounded(pending.length, ctx.maxInFlight, async (i) => {
      const unit = pending[i] as BulkUnit;
      try {
        onResult(unit, await unit.run());
      } catch (error) {
        failed.push({ unit, error, cls: classify(error, schemaNames(ctx)) });
      }
    });
    if (failed.length === 0) break;
    attempt++;
    const retry: BulkUnit[] = [];
    const missing = failed.filter((f) => f.cls.class === 'missing-schema');
    if (missing.length > 0) {
      if (!requireTable) {
        tableMissing = true; // reads and deletes of a table that does not exist: nothing there
      } else if (!ctx.createSchema) {
        throw missingSchemaError(ctx, missing[0]?.error);
      } else if (++schemaRounds <= MAX_SCHEMA_ROUNDS) {
        await ctx.schema.ensure(ctx.ddl, generation, ctx.hooks);
        generation = ctx.schema.generation(ctx.ddl);
        retry.push(...missing.map((f) => f.unit));
      } else {
        for (const f of missing) fail(f.unit, f.error, 'missing-schema');
      }
    }
    let delayMs = 0;
    let retriedKind = '';
    for (const f of failed) {
      if (f.cls.class === 'missing-schema') continue;
      const d =
        f.cls.class === 'transient'
          ? ctx.retry.decide(attempt, f.cls.kind)
          : { retry: false, delayMs: 0 };
      if (d.retry) {
        retry.push(f.unit);
        delayMs = Math.max(delayMs, d.delayMs);
        retriedKind ||= f.cls.kind;
      } else {
        fail(f.unit, f.error, f.cls.kind);
      }
    }
    const retriedItems = retry.reduce((n, u) => n + u.items.length, 0);
    if (retriedItems > 0 && retriedKind) {
      ctx.hooks?.onRetry?.({
        operation,
        attempt,
        errorKind: retriedKind,
        items: retriedItems,
        delayMs,
      });
      if (delayMs > 0) await sleep(delayMs);
    }
    pending = retry;
  }
  if (failures.size > 0) {
    const list = [...failures.entries()].sort((a, b) => a[0] - b[0]).map(([, f]) => f);
    const error = new BulkOperationError(operation, list, keys.length);
    ctx.hooks?.onError?.({
      operation,
      errorKind: list[0]?.error instanceof OperationError ? list[0].error.kind : 'mapping',
      error,
      items: list.length,
    });
    throw error;
  }
  return { tableMissing };

  function fail(unit: BulkUnit, error: unknown, kind: string): void {
    const message = error instanceof Error ? error.message : String(error);
    for (const index of unit.items) {
      failures.set(index, {
        key: keys[index],
        error: new OperationError(`${kind}: ${message}`, kind, attempt, error),
        attempts: attempt,
      });
    }
  }
}
