import type { Client, errors } from 'cassandra-driver';

import { errorMessage } from '../../common/errors';

/**
 * What is known when no host could take a statement. The driver's `NoHostAvailableError` reads
 * "All host(s) tried for query failed." and, when its query plan had no usable host at all (every
 * host down, or its connections closed, e.g. after too many client timeouts), lists no host and no
 * cause. This names the hosts tried with their errors, and otherwise every host the driver knows
 * with its state: up or down, open connections, requests in flight.
 */
export function describeNoHost(error: errors.NoHostAvailableError, client: Client): string {
  const inner = Object.entries((error.innerErrors as Record<string, unknown> | undefined) ?? {});
  if (inner.length > 0) {
    return `no host could take the request; hosts tried: ${inner
      .map(([host, e]) => `${host} (${errorMessage(e)})`)
      .join('; ')}`;
  }
  return `no host could take the request and the driver tried none: ${knownHosts(client)}`;
}

function knownHosts(client: Client): string {
  try {
    const state = client.getState();
    const hosts = client.hosts.values();
    if (hosts.length === 0) return 'it knows no host (not connected, or connection closed)';
    return `hosts known: ${hosts
      .map(
        (h) =>
          `${h.address} ${h.isUp() ? 'up' : 'down'}, ${state.getOpenConnections(h)} open connection(s), ${state.getInFlightQueries(h)} request(s) in flight`,
      )
      .join(
        '; ',
      )} (a host with no open connection has had its connections closed: it is down, or too many requests timed out on it)`;
  } catch (e) {
    return `host state unavailable: ${errorMessage(e)}`;
  }
}
