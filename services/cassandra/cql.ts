import { readFileSync } from 'node:fs';
import { Socket } from 'node:net';

import { auth, Client, types } from 'cassandra-driver';

import { DEFAULT_SUPERUSER, type NodeSecurity } from './config';

/** Resolves true if a TCP connection to `host:port` opens within `timeoutMs`. */
export function canConnect(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => {
      done(false);
    });
    socket.once('error', () => {
      done(false);
    });
    socket.connect(port, host, () => {
      done(true);
    });
  });
}

/**
 * A short-lived driver client for harness checks (not for workloads): small pool, short timeouts,
 * and no reconnection storms after the test is over. Secured nodes are reached as the default
 * superuser over TLS trusting the node's CA.
 */
export function harnessClient(contactPoints: readonly string[], security?: NodeSecurity): Client {
  return new Client({
    contactPoints: [...contactPoints],
    localDataCenter: 'datacenter1',
    pooling: { coreConnectionsPerHost: { [types.distance.local]: 1, [types.distance.remote]: 1 } },
    socketOptions: { connectTimeout: 3000, readTimeout: 10_000 },
    queryOptions: { consistency: types.consistencies.localOne },
    ...(security?.passwordAuthenticator
      ? {
          authProvider: new auth.PlainTextAuthProvider(
            DEFAULT_SUPERUSER.username,
            DEFAULT_SUPERUSER.password,
          ),
        }
      : {}),
    ...(security?.tls
      ? { sslOptions: { ca: [readFileSync(security.tls.caPem)], rejectUnauthorized: true } }
      : {}),
  });
}

/** One probe: connect to the node at `host:port` and read its release version. */
export async function cqlReleaseVersion(
  host: string,
  port: number,
  security?: NodeSecurity,
): Promise<string> {
  const client = harnessClient([`${host}:${port}`], security);
  try {
    await client.connect();
    const rs = await client.execute('SELECT release_version FROM system.local');
    return String(rs.first().get('release_version'));
  } finally {
    await client.shutdown();
  }
}

/**
 * A column of the first row, or undefined when there is no row. (The driver's types declare
 * `first()` as always returning a row; at run time it returns null for an empty result.)
 */
export function firstValue(rs: types.ResultSet, column: string): unknown {
  const row = rs.first() as types.Row | null;
  return row?.get(column);
}
