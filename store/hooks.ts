/** Store operations as reported to hooks. */
export type StoreOperation =
  'load' | 'loadAll' | 'write' | 'writeAll' | 'delete' | 'deleteAll' | 'loadCache' | 'commit';

/** One finished operation. */
export interface OperationEvent {
  readonly operation: StoreOperation;
  /** Items asked for (keys, entries, mutations). */
  readonly items: number;
  /** Items that failed in the end (0 on success). */
  readonly failed: number;
  /** From the call to its settlement, retries and schema creation included. */
  readonly latencyMs: number;
}

/** A retry the store is about to make. */
export interface RetryEvent {
  readonly operation: StoreOperation;
  /** Failed attempts so far. */
  readonly attempt: number;
  readonly errorKind: string;
  /** Items retried (the failed remainder of a bulk call). */
  readonly items: number;
  readonly delayMs: number;
}

/**
 * A failure the operation gives up on: one event per failed call, with every failed item counted
 * by its own kind in {@link ErrorEvent.failuresByKind} (a bulk call can fail 6,598 keys as `no-host`
 * and 2,980 as `client-timeout` at once). Count errors by kind from `failuresByKind`, never from
 * `errorKind` alone.
 */
export interface ErrorEvent {
  readonly operation: StoreOperation;
  /** The kind of the first failed item (the one the error message names). */
  readonly errorKind: string;
  /** The error thrown: an OperationError for one item, a BulkOperationError for a bulk call. */
  readonly error: Error;
  /** Items that failed. */
  readonly items: number;
  /** Failed items by kind; the counts add up to {@link ErrorEvent.items}. */
  readonly failuresByKind: Readonly<Record<string, number>>;
}

/**
 * Callbacks that observe the store (the load-test runner counts with them). Called synchronously
 * on the hot path: keep them cheap, and never throw from them.
 */
export interface StoreHooks {
  onOperation?(event: OperationEvent): void;
  onRetry?(event: RetryEvent): void;
  onError?(event: ErrorEvent): void;
  /** A DDL statement the store is about to run (automatic schema creation). */
  onDdl?(statement: string): void;
  /** Something works less well than configured (e.g. replica grouping is off); nothing failed. */
  onWarning?(event: WarningEvent): void;
}

/** A degraded mode the store falls back to, reported once when it starts. */
export interface WarningEvent {
  /** Stable code, e.g. `replica-grouping-disabled`. */
  readonly code: string;
  readonly message: string;
  /** The table concerned, `keyspace.table`. */
  readonly table: string;
}
