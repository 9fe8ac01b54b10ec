import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';

import { auth, Client, errors, policies, types, type ClientOptions } from 'cassandra-driver';

import { DataSourceError } from './errors';
import { SchemaManager } from './private/schema';
import type { StoreHooks } from './hooks';

/** Consistency level names (case-insensitive), as in CQL. */
export type ConsistencyName =
  | 'ANY'
  | 'ONE'
  | 'TWO'
  | 'THREE'
  | 'QUORUM'
  | 'ALL'
  | 'LOCAL_QUORUM'
  | 'EACH_QUORUM'
  | 'SERIAL'
  | 'LOCAL_SERIAL'
  | 'LOCAL_ONE';

/** TLS settings; file paths are read at construction. */
export interface TlsOptions {
  /** PEM file(s) of the certificate authorities to trust. @default - Node's default CAs */
  readonly caFile?: string | readonly string[];
  /** Client certificate and key (PEM files) for mutual TLS. @default - none */
  readonly certFile?: string;
  readonly keyFile?: string;
  /** @default true */
  readonly rejectUnauthorized?: boolean;
  /** Host name to verify the server certificate against. @default - the contact point */
  readonly serverName?: string;
}

/** How to reach the cluster and the defaults every store on it uses. */
export interface DataSourceOptions {
  /** `host` or `host:port` (IPv6 as `[::1]:9042`). */
  readonly contactPoints: readonly string[];
  /** The data center whose nodes serve requests. @default 'datacenter1' (Cassandra's default) */
  readonly localDataCenter?: string;
  /** Port of contact points given without one. @default 9042 */
  readonly port?: number;
  /** PasswordAuthenticator credentials. @default - no authentication */
  readonly credentials?: { readonly username: string; readonly password: string };
  /** TLS; `true` for defaults. @default false */
  readonly tls?: boolean | TlsOptions;
  /** Connections per node. @default 2 */
  readonly connectionsPerHost?: number;
  /** Requests in flight per connection before the driver queues. @default 2048 */
  readonly maxRequestsPerConnection?: number;
  /** @default 5000 */
  readonly connectTimeoutMs?: number;
  /** Per-request timeout on the client side. @default 12000 */
  readonly requestTimeoutMs?: number;
  /** @default 'LOCAL_ONE' */
  readonly readConsistency?: ConsistencyName;
  /** @default 'LOCAL_ONE' */
  readonly writeConsistency?: ConsistencyName;
  /** Rows per page of reads. @default 5000 */
  readonly fetchSize?: number;
  /** Bound on waiting for schema agreement after DDL. @default 30 */
  readonly schemaAgreementTimeoutSeconds?: number;
  /** Receives informational lines, DDL text among them. @default - discarded */
  readonly log?: (level: 'info' | 'warn', message: string) => void;
}

const CONSISTENCIES = Object.keys(types.consistencies).filter((k) => k !== 'getConsistencyName');

/** Resolves a consistency name to the driver's code. */
export function consistencyOf(name: string, option: string): number {
  const key = CONSISTENCIES.find(
    (c) =>
      c.toLowerCase() === name.replace(/_/g, '').toLowerCase() ||
      c.toLowerCase() === name.toLowerCase(),
  );
  if (key === undefined) {
    throw new DataSourceError(`${option}: unknown consistency level "${name}"`, {
      code: 'SETTING_INVALID',
      data: { setting: option, value: name },
      hint: 'Use ONE, TWO, THREE, QUORUM, ALL, LOCAL_QUORUM, EACH_QUORUM, LOCAL_ONE or ANY.',
    });
  }
  return (
    (types.consistencies as unknown as Record<string, number>)[key] ?? types.consistencies.localOne
  );
}

function positiveInt(
  value: number | undefined,
  option: string,
  fallback: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new DataSourceError(
      `${option} must be an integer from 1 to ${max}, got ${String(value)}`,
      { code: 'SETTING_INVALID', data: { setting: option, value } },
    );
  }
  return value;
}

/** Validates `host[:port]` contact points; returns them as the driver wants them. */
export function parseContactPoints(points: readonly string[], defaultPort: number): string[] {
  if (!Array.isArray(points) || points.length === 0) {
    throw new DataSourceError('contactPoints is empty', {
      code: 'SETTING_INVALID',
      data: { setting: 'contactPoints', value: points },
      hint: "Give at least one node, e.g. contactPoints: ['127.0.0.1:9042'].",
    });
  }
  return points.map((raw, i) => {
    const p = String(raw).trim();
    const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s]+))(?::(\d+))?$/.exec(p);
    const host = m?.[1] ?? m?.[2];
    const port = m?.[3] === undefined ? defaultPort : Number(m[3]);
    if (!m || !host || !Number.isInteger(port) || port < 1 || port > 65535) {
      throw new DataSourceError(
        `contactPoints[${i}] "${p}" is not host[:port] with a port from 1 to 65535`,
        {
          code: 'SETTING_INVALID',
          data: { setting: `contactPoints[${i}]`, value: p },
          hint: "Write e.g. '10.0.0.5', '10.0.0.5:9042' or '[::1]:9042'.",
        },
      );
    }
    return m[1] ? `[${host}]:${port}` : `${host}:${port}`;
  });
}

function readPem(file: string, option: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new DataSourceError(
      `${option}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      { code: 'SETTING_INVALID', data: { setting: option, value: file }, cause: error },
    );
  }
}

function sslOptionsOf(tls: DataSourceOptions['tls']): ConnectionOptions | undefined {
  if (!tls) return undefined;
  if (tls === true) return { rejectUnauthorized: true };
  const ca =
    tls.caFile === undefined
      ? undefined
      : (Array.isArray(tls.caFile) ? tls.caFile : [tls.caFile]).map((f: string) =>
          readPem(f, 'tls.caFile'),
        );
  if ((tls.certFile === undefined) !== (tls.keyFile === undefined)) {
    throw new DataSourceError('tls.certFile and tls.keyFile go together', {
      code: 'SETTING_INVALID',
      data: { setting: tls.certFile === undefined ? 'tls.keyFile' : 'tls.certFile' },
      hint: 'Give both for mutual TLS, or neither.',
    });
  }
  return {
    rejectUnauthorized: tls.rejectUnauthorized ?? true,
    ...(ca ? { ca } : {}),
    ...(tls.certFile ? { cert: readPem(tls.certFile, 'tls.certFile') } : {}),
    ...(tls.keyFile ? { key: readPem(tls.keyFile, 'tls.keyFile') } : {}),
    ...(tls.serverName ? { servername: tls.serverName } : {}),
  };
}

/**
 * Lets idempotent requests that failed on the connection try the next node, and leaves every
 * other retry decision to the store, which counts and reports its retries.
 */
class NextHostOnRequestError extends policies.retry.RetryPolicy {
  override onReadTimeout(): policies.retry.DecisionInfo {
    return this.rethrowResult();
  }
  override onWriteTimeout(): policies.retry.DecisionInfo {
    return this.rethrowResult();
  }
  override onUnavailable(): policies.retry.DecisionInfo {
    return this.rethrowResult();
  }
  override onRequestError(info: policies.retry.OperationInfo): policies.retry.DecisionInfo {
    // `undefined` keeps the request's consistency (the driver's typings omit that case).
    return info.nbRetry < 1
      ? this.retryResult(undefined as unknown as types.consistencies, false)
      : this.rethrowResult();
  }
}

/**
 * A connection to a Cassandra cluster shared by any number of stores (one driver client, so one
 * prepared-statement cache and one connection pool per data source, not per JVM as the original's
 * static cache). Validates its options at construction; connects on first use.
 */
export class DataSource {
  /** The driver client (token-aware routing, prepared statements cached per client). */
  readonly client: Client;
  readonly readConsistency: number;
  readonly writeConsistency: number;
  readonly fetchSize: number;
  readonly requestTimeoutMs: number;
  readonly contactPoints: readonly string[];
  /** @internal creates missing keyspaces and tables once per data source */
  readonly schema: SchemaManager;
  private connecting: Promise<void> | undefined;
  private readonly log: (level: 'info' | 'warn', message: string) => void;

  constructor(options: DataSourceOptions) {
    const port = positiveInt(options.port, 'port', 9042, 65535);
    this.contactPoints = parseContactPoints(options.contactPoints, port);
    this.readConsistency = consistencyOf(options.readConsistency ?? 'LOCAL_ONE', 'readConsistency');
    this.writeConsistency = consistencyOf(
      options.writeConsistency ?? 'LOCAL_ONE',
      'writeConsistency',
    );
    this.fetchSize = positiveInt(options.fetchSize, 'fetchSize', 5000);
    this.requestTimeoutMs = positiveInt(options.requestTimeoutMs, 'requestTimeoutMs', 12_000);
    const credentials = options.credentials;
    if (credentials && (!credentials.username || typeof credentials.password !== 'string')) {
      throw new DataSourceError('credentials need a username and a password', {
        code: 'SETTING_INVALID',
        data: { setting: 'credentials' },
      });
    }
    this.log = options.log ?? (() => undefined);
    const ssl = sslOptionsOf(options.tls);
    const connections = positiveInt(options.connectionsPerHost, 'connectionsPerHost', 2, 64);
    const clientOptions: ClientOptions = {
      contactPoints: [...this.contactPoints],
      localDataCenter: options.localDataCenter ?? 'datacenter1',
      encoding: { useBigIntAsLong: true, useBigIntAsVarint: true, map: Map },
      pooling: {
        coreConnectionsPerHost: { [types.distance.local]: connections, [types.distance.remote]: 1 },
        maxRequestsPerConnection: positiveInt(
          options.maxRequestsPerConnection,
          'maxRequestsPerConnection',
          2048,
          32768,
        ),
      },
      socketOptions: {
        connectTimeout: positiveInt(options.connectTimeoutMs, 'connectTimeoutMs', 5000),
        readTimeout: this.requestTimeoutMs,
      },
      protocolOptions: {
        maxSchemaAgreementWaitSeconds: positiveInt(
          options.schemaAgreementTimeoutSeconds,
          'schemaAgreementTimeoutSeconds',
          30,
          600,
        ),
      },
      policies: { retry: new NextHostOnRequestError() },
      ...(credentials
        ? {
            authProvider: new auth.PlainTextAuthProvider(
              credentials.username,
              credentials.password,
            ),
          }
        : {}),
      ...(ssl ? { sslOptions: ssl } : {}),
    };
    this.client = new Client(clientOptions);
    this.schema = new SchemaManager(this.client, this.log);
  }

  /**
   * Connects (once; concurrent callers share the attempt). A cluster that cannot be reached is a
   * {@link DataSourceError} naming each contact point tried and why.
   */
  async connect(): Promise<void> {
    this.connecting ??= this.client.connect().catch((error: unknown) => {
      this.connecting = undefined;
      throw describeConnectError(error, this.contactPoints);
    });
    return this.connecting;
  }

  /** Closes every connection. */
  async close(): Promise<void> {
    this.connecting = undefined;
    await this.client.shutdown();
  }

  /** Lets stores report DDL they run to their own hooks as well. */
  runDdl(statement: string, hooks: StoreHooks | undefined): Promise<void> {
    return this.schema.run(statement, hooks);
  }

  /** The consistency names, for messages. */
  toJSON(): Record<string, unknown> {
    // Never the password: a data source may end up in logs.
    return {
      contactPoints: this.contactPoints,
      fetchSize: this.fetchSize,
      requestTimeoutMs: this.requestTimeoutMs,
    };
  }
}

function describeConnectError(error: unknown, points: readonly string[]): DataSourceError {
  if (error instanceof errors.NoHostAvailableError) {
    const hosts = Object.fromEntries(
      Object.entries(error.innerErrors as Record<string, Error | undefined>).map(([host, e]) => [
        host,
        e?.message ?? 'unreachable',
      ]),
    );
    const causes = Object.entries(hosts)
      .map(([host, message]) => `${host}: ${message}`)
      .join('; ');
    return new DataSourceError(
      `Cannot reach Cassandra at ${points.join(', ')} (${causes || error.message})`,
      {
        code: 'NO_HOST',
        data: { contactPoints: points, hosts },
        hint: 'Is Cassandra running and listening there? Check localDataCenter, credentials and TLS too.',
        cause: error,
      },
    );
  }
  if (error instanceof errors.AuthenticationError) {
    return new DataSourceError(
      `Cassandra at ${points.join(', ')} rejected the credentials: ${error.message}`,
      {
        code: 'AUTH_FAILED',
        data: { contactPoints: points },
        hint: 'Check credentials.username and credentials.password.',
        cause: error,
      },
    );
  }
  return new DataSourceError(
    `Cannot connect to Cassandra at ${points.join(', ')}: ${error instanceof Error ? error.message : String(error)}`,
    { code: 'CONNECT_FAILED', data: { contactPoints: points }, cause: error },
  );
}
