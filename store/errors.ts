import { TestbedError } from '../common/errors';

/** The base of every error the store raises on purpose. */
export class StoreError extends TestbedError {}

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
    super(`${where ? `${where}: ` : ''}${problem}`, { exitCode: 2, ...(fix ? { hint: fix } : {}) });
  }
}

/** A value cannot be converted to or from its column (wrong JS type, unreadable blob). */
export class MappingError extends StoreError {}

/** A key lacks a field the table's primary key needs. */
export class MissingKeyFieldError extends MappingError {}

/** Bytes in a BLOB column were not written by the serializer the settings name. */
export class SerializationError extends MappingError {}

/** Connection settings are invalid, or the cluster cannot be reached. */
export class DataSourceError extends StoreError {}

/** The keyspace or table is missing and the store may not create it. */
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
      { cause: first?.error },
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

/** A transaction would exceed the configured batch bound; nothing was sent. */
export class TransactionTooLargeError extends StoreError {}

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
