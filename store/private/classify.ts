import { errors, types } from 'cassandra-driver';

import { MappingError, SerializationError } from '../errors';

/** What the store does about a failed statement. */
export type ErrorClass = 'transient' | 'missing-schema' | 'permanent';

/** A classified error: its class and a short kind label (reported to hooks, counted by the runner). */
export interface Classified {
  readonly class: ErrorClass;
  /** e.g. `write-timeout`, `read-timeout`, `unavailable`, `overloaded`, `no-host`, `client-timeout`, `invalid`, `mapping`. */
  readonly kind: string;
}

const codes = types.responseErrorCodes;
const INVALID: number = codes.invalid;

const TRANSIENT_CODES: ReadonlyMap<number, string> = new Map([
  [codes.unavailableException, 'unavailable'],
  [codes.overloaded, 'overloaded'],
  [codes.isBootstrapping, 'bootstrapping'],
  [codes.writeTimeout, 'write-timeout'],
  [codes.readTimeout, 'read-timeout'],
  // Replica failures (e.g. a replica that has not applied a schema change yet) usually pass.
  [codes.writeFailure, 'write-failure'],
  [codes.readFailure, 'read-failure'],
  [codes.truncateError, 'truncate-error'],
]);

const PERMANENT_CODES: ReadonlyMap<number, string> = new Map([
  [codes.serverError, 'server-error'],
  [codes.protocolError, 'protocol-error'],
  [codes.badCredentials, 'bad-credentials'],
  [codes.syntaxError, 'syntax-error'],
  [codes.unauthorized, 'unauthorized'],
  [codes.invalid, 'invalid'],
  [codes.configError, 'config-error'],
  [codes.alreadyExists, 'already-exists'],
  [codes.functionFailure, 'function-failure'],
]);

/**
 * Cassandra's messages for a missing keyspace or table, across versions: 5.0 says "keyspace x does
 * not exist" / "table x does not exist"; 3.x/4.x "unconfigured table x" / "Keyspace x does not exist".
 */
const MISSING =
  /^(?:(?:keyspace|table) (\S+) does not exist|unconfigured (?:table|columnfamily) (\S+)|Cannot add table '\S+' to non existing keyspace '(\S+)')/i;

/**
 * The name a "missing keyspace/table" message is about, when the message is one. Only names of
 * the operation's own keyspace or table count (the original matched any identifier).
 */
export function missingSchemaName(error: unknown): string | undefined {
  if (!(error instanceof errors.ResponseError) || error.code !== INVALID) return undefined;
  const m = MISSING.exec(error.message);
  const name = m?.[1] ?? m?.[2] ?? m?.[3];
  return name?.replace(/^['"]|['"]$/g, '');
}

/**
 * Classifies a failed statement: transient failures (timeouts, unavailable, overloaded, no host
 * reachable, a busy connection pool) are retried with backoff; a missing keyspace or table of the
 * operation's own schema leads to automatic creation; everything else fails at once.
 *
 * @param schemaNames the keyspace and table of the operation
 */
export function classify(error: unknown, schemaNames: readonly string[]): Classified {
  if (error instanceof SerializationError) return { class: 'permanent', kind: 'serialization' };
  if (error instanceof MappingError) return { class: 'permanent', kind: 'mapping' };
  if (error instanceof errors.ResponseError) {
    const missing = missingSchemaName(error);
    if (
      missing &&
      schemaNames.some((n) => n === missing || n.toLowerCase() === missing.toLowerCase())
    ) {
      return { class: 'missing-schema', kind: 'missing-schema' };
    }
    const transient = TRANSIENT_CODES.get(error.code);
    if (transient) return { class: 'transient', kind: transient };
    return { class: 'permanent', kind: PERMANENT_CODES.get(error.code) ?? `code-${error.code}` };
  }
  if (error instanceof errors.NoHostAvailableError) return { class: 'transient', kind: 'no-host' };
  if (error instanceof errors.OperationTimedOutError)
    return { class: 'transient', kind: 'client-timeout' };
  if (error instanceof errors.BusyConnectionError)
    return { class: 'transient', kind: 'busy-connection' };
  if (error instanceof errors.ArgumentError) return { class: 'permanent', kind: 'argument' };
  return { class: 'permanent', kind: error instanceof Error ? error.constructor.name : 'unknown' };
}
