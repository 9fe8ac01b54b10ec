import { errors, types } from 'cassandra-driver';

const RESPONSE_KINDS = new Map<number, string>([
  [types.responseErrorCodes.writeTimeout, 'write-timeout'],
  [types.responseErrorCodes.readTimeout, 'read-timeout'],
  [types.responseErrorCodes.unavailableException, 'unavailable'],
  [types.responseErrorCodes.overloaded, 'overloaded'],
  [types.responseErrorCodes.isBootstrapping, 'bootstrapping'],
  [types.responseErrorCodes.readFailure, 'read-failure'],
  [types.responseErrorCodes.writeFailure, 'write-failure'],
  [types.responseErrorCodes.serverError, 'server-error'],
  [types.responseErrorCodes.invalid, 'invalid-query'],
  [types.responseErrorCodes.unauthorized, 'unauthorized'],
]);

/** Error kinds of the cassandra-driver, as counted in results. */
export function classifyDriverError(error: unknown): string {
  if (error instanceof errors.ResponseError) {
    return RESPONSE_KINDS.get(error.code) ?? `response-0x${error.code.toString(16)}`;
  }
  if (error instanceof errors.OperationTimedOutError) return 'client-timeout';
  if (error instanceof errors.NoHostAvailableError) {
    // With one host tried, its error says more than "no host".
    const inner = Object.values(error.innerErrors as Record<string, unknown>);
    return inner.length === 1 ? classifyDriverError(inner[0]) : 'no-host-available';
  }
  if (error instanceof errors.BusyConnectionError) return 'busy-connection';
  if (error instanceof errors.DriverError) return 'driver-error';
  return error instanceof Error ? error.name : 'unknown';
}
