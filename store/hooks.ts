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

/** A failure the operation gives up on. */
export interface ErrorEvent {
  readonly operation: StoreOperation;
  readonly errorKind: string;
  readonly error: Error;
  readonly items: number;
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
