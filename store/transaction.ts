import { setTimeout as sleep } from 'node:timers/promises';

import type { DataSource } from './data-source';
import { describeKey, StoreError, TransactionTooLargeError } from './errors';
import { classify } from './private/classify';
import type { ExecutionContext } from './private/executor';
import { exponentialBackoff, type RetryPolicy } from './retry';

/** @internal one buffered write or delete */
export interface Mutation {
  readonly kind: 'write' | 'delete';
  readonly store: { readonly table: string };
  readonly key: unknown;
  readonly query: string;
  readonly params: readonly unknown[];
  readonly ctx: ExecutionContext;
}

/** Options of {@link StoreTransaction}. */
export interface TransactionOptions {
  /**
   * Refuse a transaction whose batch would exceed this estimate of its serialized size, before
   * sending anything. Cassandra rejects batches above `batch_size_fail_threshold` (50 KiB by default).
   * @default 51200
   */
  readonly maxBatchBytes?: number;
  /** Refuse more mutations than this. @default 10000 */
  readonly maxMutations?: number;
  /** @default exponentialBackoff() */
  readonly retryPolicy?: RetryPolicy;
}

/** Where a transaction is in its life. */
export type TransactionState = 'open' | 'committed' | 'rolled back' | 'failed';

/** Rough serialized size of a bound value, to stay below Cassandra's batch limit. */
function sizeOf(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (Buffer.isBuffer(value)) return value.length;
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number' || typeof value === 'bigint' || value instanceof Date) return 8;
  if (typeof value === 'boolean') return 1;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + 4 + sizeOf(v), 4);
  if (value instanceof Map)
    return [...(value as Map<unknown, unknown>)].reduce(
      (n: number, [k, v]) => n + 8 + sizeOf(k) + sizeOf(v),
      4,
    );
  return 16; // uuid, inet, decimal and other fixed-size-ish types
}

const PER_STATEMENT_OVERHEAD = 32;

/**
 * A store session: writes and deletes of any stores on one data source, buffered and applied as
 * one LOGGED batch on {@link StoreTransaction.commit} (all or nothing), discarded on
 * {@link StoreTransaction.rollback} (the original applied them on rollback too).
 *
 * ```ts
 * const tx = new StoreTransaction(dataSource);
 * await orders.write(id, order, { transaction: tx });
 * await stock.delete(item, { transaction: tx });
 * await tx.commit();
 * ```
 */
export class StoreTransaction {
  private readonly mutations: Mutation[] = [];
  private bytes = 0;
  private current: TransactionState = 'open';
  private readonly maxBytes: number;
  private readonly maxMutations: number;
  private readonly retry: RetryPolicy;

  constructor(
    private readonly dataSource: DataSource,
    options: TransactionOptions = {},
  ) {
    this.maxBytes = options.maxBatchBytes ?? 50 * 1024;
    this.maxMutations = options.maxMutations ?? 10_000;
    this.retry = options.retryPolicy ?? exponentialBackoff();
  }

  get state(): TransactionState {
    return this.current;
  }

  /** Buffered mutations. */
  get size(): number {
    return this.mutations.length;
  }

  /** Estimated serialized size of the batch so far. */
  get estimatedBytes(): number {
    return this.bytes;
  }

  /** @internal buffers a mutation; refuses one that would make the batch too large (nothing is added). */
  add(mutation: Mutation): void {
    if (this.current !== 'open')
      throw new StoreError(`the transaction is ${this.current}; start a new one`, {
        code: 'TRANSACTION_STATE',
        data: { state: this.current },
      });
    const bytes = mutation.params.reduce((n: number, p) => n + sizeOf(p), PER_STATEMENT_OVERHEAD);
    if (this.mutations.length + 1 > this.maxMutations || this.bytes + bytes > this.maxBytes) {
      throw new TransactionTooLargeError(
        `the transaction would hold ${this.mutations.length + 1} mutations of ~${this.bytes + bytes} bytes, over its limit of ${this.maxMutations} mutations / ${this.maxBytes} bytes (${mutation.kind} of key ${describeKey(mutation.key)} in ${mutation.store.table} refused; nothing has been sent)`,
        {
          hint: "Commit smaller transactions, or raise maxBatchBytes together with Cassandra's batch_size_fail_threshold.",
        },
      );
    }
    this.mutations.push(mutation);
    this.bytes += bytes;
  }

  /**
   * Applies every buffered mutation as one LOGGED batch: all of them, or (on failure) none.
   * Missing tables of buffered writes are created first; transient failures are retried.
   */
  async commit(): Promise<void> {
    if (this.current !== 'open') {
      throw new StoreError(`the transaction is already ${this.current}`, {
        code: 'TRANSACTION_STATE',
        data: { state: this.current },
      });
    }
    if (this.mutations.length === 0) {
      this.current = 'committed';
      return;
    }
    const first = this.mutations[0] as Mutation;
    const statements = this.mutations.map((m) => ({ query: m.query, params: [...m.params] }));
    const consistency = this.dataSource.writeConsistency;
    // The tables written to, each with its creation generation as of now.
    const tables = new Map(
      this.mutations.filter((m) => m.kind === 'write').map((m) => [m.ctx.schema, m.ctx]),
    );
    const names = [...new Set(this.mutations.flatMap((m) => m.ctx.names))];
    const generations = new Map([...tables.keys()].map((schema) => [schema, schema.generation]));
    let attempt = 0;
    let schemaRounds = 0;
    for (;;) {
      try {
        await this.dataSource.client.batch(statements, {
          prepare: true,
          logged: true,
          isIdempotent: true,
          consistency,
        });
        this.current = 'committed';
        this.mutations.length = 0;
        return;
      } catch (error) {
        const c = classify(error, names);
        if (c.class === 'missing-schema' && tables.size > 0 && schemaRounds++ < 3) {
          for (const [schema, ctx] of tables) {
            if (ctx.createSchema) await schema.ensure(generations.get(schema) ?? 0, ctx.hooks);
            generations.set(schema, schema.generation);
          }
          continue;
        }
        attempt++;
        const d =
          c.class === 'transient'
            ? this.retry.decide(attempt, c.kind)
            : { retry: false, delayMs: 0 };
        if (d.retry) {
          first.ctx.hooks?.onRetry?.({
            operation: 'commit',
            attempt,
            errorKind: c.kind,
            items: statements.length,
            delayMs: d.delayMs,
          });
          await sleep(d.delayMs);
          continue;
        }
        this.current = 'failed';
        // A logged batch that timed out after reaching the batch log is still applied from there.
        const outcome = /timeout/.test(c.kind)
          ? 'its outcome is unknown (a timed-out logged batch may still be applied from the batch log)'
          : 'none was applied';
        throw new StoreError(
          `commit of ${statements.length} mutations failed (${c.kind}, ${attempt} attempt${attempt > 1 ? 's' : ''}); ${outcome}: ${error instanceof Error ? error.message : String(error)}`,
          {
            code: 'COMMIT_FAILED',
            data: { kind: c.kind, attempts: attempt, mutations: statements.length },
            cause: error,
          },
        );
      }
    }
  }

  /** Discards every buffered mutation; nothing reaches Cassandra. */
  rollback(): void {
    if (this.current === 'committed') {
      throw new StoreError('the transaction is already committed', {
        code: 'TRANSACTION_STATE',
        data: { state: this.current },
      });
    }
    this.mutations.length = 0;
    this.bytes = 0;
    this.current = 'rolled back';
  }
}
