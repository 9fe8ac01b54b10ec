import { TestbedError, type ErrorData } from '../common/errors';

/**
 * The stable codes of {@link StoreError}s. Callers (and the CLI's exit-code mapping) branch on
 * these, never on message text.
 *
 * - `SETTING_INVALID`: a persistence setting or a store/data-source option is wrong (data: `setting`
 *   or `at`, `value`). Raised before any I/O.
 * - `CONNECT_FAILED`: the cluster was reached but the connection failed (data: `contactPoints`).
 * - `NO_HOST`: no contact point answered (data: `contactPoints`, `hosts` with each host's error).
 * - `AUTH_FAILED`: the cluster rejected the credentials (data: `contactPoints`).
 * - `TABLE_MISSING`: the keyspace or table does not exist and automatic schema creation is off
 *   (data: `keyspace`, `table`).
 * - `DDL_FAILED`: Cassandra refused a DDL statement (data: `statement`).
 * - `MAPPING_INVALID`: a value cannot be converted to or from its column.
 * - `KEY_FIELD_MISSING`: a key lacks a field of the table's primary key.
 * - `SERIALIZATION_INVALID`: BLOB bytes were not written by the configured serializer.
 * - `OPERATION_FAILED`: one statement failed after its retries (data: `kind`, `attempts`).
 * - `BULK_INCOMPLETE`: a bulk call finished with failed items (data: `operation`, `total`,
 *   `failed`, `failuresByKind`).
 * - `TRANSACTION_TOO_LARGE`: a transaction would exceed its bound; nothing was sent.
 * - `TRANSACTION_STATE`: the transaction is not open (committed, rolled back or failed).
 * - `COMMIT_FAILED`: a transaction's commit failed (data: `kind`, `attempts`, `mutations`).
 */
export type StoreErrorCode =
  | 'SETTING_INVALID'
  | 'CONNECT_FAILED'
  | 'NO_HOST'
  | 'AUTH_FAILED'
  | 'TABLE_MISSING'
  | 'DDL_FAILED'
  | 'MAPPING_INVALID'
  | 'KEY_FIELD_MISSING'
  | 'SERIALIZATION_INVALID'
  | 'OPERATION_FAILED'
  | 'BULK_INCOMPLETE'
  | 'TRANSACTION_TOO_LARGE'
  | 'TRANSACTION_STATE'
  | 'COMMIT_FAILED';

/** What a store error takes besides its message. */
export interface StoreErrorOptions {
  readonly code: StoreErrorCode;
  readonly data?: ErrorData;
  /** What to do, in the store's terms (settings, tables): never a command of a program. */
  readonly hint?: string;
  readonly cause?: unknown;
}

/** The base of every error the store raises on purpose; {@link StoreError.code} says which case. */
export class StoreError extends TestbedError {
  declare readonly code: StoreErrorCode;

  // Not useless: it narrows the options to a required StoreErrorCode.
  // eslint-disable-next-line @typescript-eslint/no-useless-constructor
  constructor(message: string, options: StoreErrorOptions) {
    super(message, options);
  }
}

/** Options of the subclasses whose class implies a default code. */
type SubclassOptions = Omit<StoreErrorOptions, 'code'> & { readonly code?: StoreErrorCode };

/** Where in a descriptor a problem is: the file, line and column (XML) and the element or field. */
export interface SettingsLocation {
  /** Descriptor file, when the settings came from one. */
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  /** The element, attribute or field, e.g. `valuePersistence/field[name=age]`. */
  readonly path?: string;
}

function formatLocation(at: SettingsLocation): string {
  const place = at.file
    ? `${at.file}${at.line ? `:${at.line}${at.column ? `:${at.column}` : ''}` : ''}`
    : '';
  return [place, at.path].filter(Boolean).join(' ');
}

/**
 * Persistence settings are invalid: names the file and line (XML), the element or field, what is
 * wrong and how to fix it. Raised by every way in (XML, object, decorators) before any I/O.
 */
export class SettingsError extends StoreError {
  constructor(
    readonly problem: string,
    readonly at: SettingsLocation = {},
    fix?: string,
  ) {
    const where = formatLocation(at);
    super(`${where ? `${where}: ` : ''}${problem}`, {
      code: 'SETTING_INVALID',
      data: { ...at, problem },
      ...(fix ? { hint: fix } : {}),
    });
  }
}

/** A value cannot be converted to or from its column (wrong JS type, unreadable blob); `MAPPING_INVALID`. */
export class MappingError extends StoreError {
  constructor(message: string, options: SubclassOptions = {}) {
    super(message, { ...options, code: options.code ?? 'MAPPING_INVALID' });
  }
}

/** A key lacks a field the table's primary key needs; `KEY_FIELD_MISSING`. */
export class MissingKeyFieldError extends MappingError {
  constructor(message: string, options: SubclassOptions = {}) {
    super(message, { ...options, code: 'KEY_FIELD_MISSING' });
  }
}

/** Bytes in a BLOB column were not written by the serializer the settings name; `SERIALIZATION_INVALID`. */
export class SerializationError extends MappingError {
  constructor(message: string, options: SubclassOptions = {}) {
    super(message, { ...options, code: 'SERIALIZATION_INVALID' });
  }
}

/**
 * Connection settings are invalid (`SETTING_INVALID`), or the cluster cannot be reached
 * (`NO_HOST`, `AUTH_FAILED`, `CONNECT_FAILED`).
 */
export class DataSourceError extends StoreError {}

/**
 * The keyspace or table is missing and the store may not create it (`TABLE_MISSING`), or DDL failed
 * (`DDL_FAILED`).
 */
export class SchemaError extends StoreError {}

/** One failed item of a bulk call. */
export interface ItemFailure<K> {
  readonly key: K;
  /**
   * Why it failed: a {@link MappingError} (a {@link SerializationError} for unreadable BLOB bytes)
   * as it was raised, or the failed statement's error.
   */
  readonly error: Error;
  /** The failure's kind, as hooks and the load-test runner count it (`no-host`, `mapping`, …). */
  readonly kind: string;
  /** Attempts made for this item, including the failed last one. */
  readonly attempts: number;
}

/**
 * A bulk call (loadAll, writeAll, deleteAll) finished without completing every item. Lists exactly
 * which keys failed and why; every other item completed. Nothing is dropped silently.
 */
export class BulkOperationError<K = unknown> extends StoreError {
  constructor(
    readonly operation: string,
    readonly failures: readonly ItemFailure<K>[],
    readonly total: number,
  ) {
    const first = failures[0];
    const byKind = countByKind(failures);
    super(
      `${operation}: ${failures.length} of ${total} items failed (${Object.entries(byKind)
        .map(([kind, n]) => `${kind}: ${n}`)
        .join(', ')})` +
        (first ? `; first: key ${describeKey(first.key)}: ${first.error.message}` : ''),
      {
        code: 'BULK_INCOMPLETE',
        data: { operation, total, failed: failures.length, failuresByKind: byKind },
        cause: first?.error,
      },
    );
    this.failuresByKind = byKind;
  }

  /** Failed items by kind; the counts add up to `failures.length`. */
  readonly failuresByKind: Readonly<Record<string, number>>;

  /** The keys that failed, in input order. */
  get failedKeys(): K[] {
    return this.failures.map((f) => f.key);
  }
}

/** Items by kind, in order of first appearance. */
export function countByKind(
  failures: readonly { readonly kind: string }[],
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of failures) out[f.kind] = (out[f.kind] ?? 0) + 1;
  return out;
}

/** A transaction would exceed the configured batch bound; nothing was sent; `TRANSACTION_TOO_LARGE`. */
export class TransactionTooLargeError extends StoreError {
  constructor(message: string, options: SubclassOptions = {}) {
    super(message, { ...options, code: 'TRANSACTION_TOO_LARGE' });
  }
}

/** A short, safe rendering of a key for messages. */
export function describeKey(key: unknown): string {
  if (typeof key === 'bigint') return `${key}n`;
  if (key instanceof Date) return key.toISOString();
  try {
    const text = JSON.stringify(key, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
  } catch {
    return String(key);
  }
}
