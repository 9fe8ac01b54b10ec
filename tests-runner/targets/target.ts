/**
 * What a load test drives. A target implements the six operations for one data store (the embedded
 * store, the raw driver, Ignite, or nothing at all) and is registered in `registry.ts`.
 *
 * Contract:
 * - Keys and values are the generators' output (`config.keys.generator`, `config.values.generator`):
 *   `long` → bigint, `string` → string, `person` → {@link Person}, `bytes` → Buffer.
 * - A call resolves when the operation is done and rejects with the store's error when it failed;
 *   the runner times it, counts it, and classifies the error with {@link Target.classifyError}.
 * - Arrays and buffers passed in belong to the runner again once the call settles (they are reused
 *   for the next call): copy what must be kept.
 * - Retries a target makes on its own are reported with {@link TargetContext.countRetries}.
 */
import type { LoadTestConfig } from '../config/schema';
import type { KeyGenerator } from '../generators/keys';
import type { ValueGenerator } from '../generators/values';
import type { OperationType } from '../operations';

export type { Person } from '../generators/values';

/**
 * How a failed call is counted: its kind, or its kind (the first failed item's) with the failed
 * items by kind (adding up to the items that failed, which may be fewer than the call's entries).
 */
export type FailureClass =
  string | { readonly kind: string; readonly itemsByKind: Readonly<Record<string, number>> };

/** What the runner gives a target. */
export interface TargetContext {
  readonly config: LoadTestConfig;
  readonly keys: KeyGenerator;
  readonly values: ValueGenerator;
  /** Adds retries of `operation` to the phase running now. */
  countRetries(operation: OperationType, count?: number): void;
  /** A progress line for the person running the test (stderr). */
  log(line: string): void;
}

export interface Target<K = unknown, V = unknown> {
  /** One line naming the target and where it points, for reports ("driver → 127.0.0.1:9042 …"). */
  readonly description: string;
  /** Connects and creates what the workloads need (keyspace, table). Called once per run. */
  setUp(): Promise<void>;
  write(key: K, value: V): Promise<void>;
  writeAll(entries: readonly (readonly [K, V])[]): Promise<void>;
  /** The stored value, or undefined when there is none. */
  read(key: K): Promise<V | undefined>;
  /** The values found; keys without a value are absent from the map. */
  readAll(keys: readonly K[]): Promise<ReadonlyMap<K, V>>;
  delete(key: K): Promise<void>;
  deleteAll(keys: readonly K[]): Promise<void>;
  /**
   * A short kebab-case kind for a failed call (`write-timeout`, `unavailable`); the runner counts
   * errors by it. A bulk call whose items failed for different reasons returns its failed items by
   * kind as well ({@link FailureClass}), so the runner's `errorEntriesByKind` counts every failed
   * item under its own kind. @default - the error's `code` or class name
   */
  classifyError?(error: unknown): FailureClass;
  /** Disconnects and, if configured, removes what {@link setUp} created. Called once, also after failures. */
  tearDown(): Promise<void>;
}

/** A registered target kind. */
export interface TargetDefinition {
  /** One line for `--help` and the README. */
  readonly summary: string;
  create(context: TargetContext): Target;
}
