import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, unlinkSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

import { TestbedError } from '../../common/errors';
import { DataSource } from '../../store';
import { OP_NAMES } from '../protocol/constants';
import { openCaches, type CacheBinding } from './caches';
import type { SidecarConfig } from './config';
import { SidecarConnection, type ConnectionHost } from './connection';
import { StoppingError, type HandlerContext } from './context';
import { CoalescingCounters } from './counters';
import { TransactionRegistry } from './transactions';

/** How long a stop waits for a bridge to read its last answers before cutting the connection. */
const CLOSE_TIMEOUT_MS = 2_000;

/** How a stop went: whether every request in flight finished within the drain timeout. */
export interface StopReport {
  readonly drained: boolean;
  /** Requests still running when the drain timeout passed (their callers get a connection error). */
  readonly abandoned: number;
  /** Open transactions discarded (their commit never came). */
  readonly discardedTransactions: number;
}

/** Something else listens on the socket path. */
export class SocketInUseError extends TestbedError {}

/** Resolves true when a process accepts connections on the Unix socket. */
function socketAnswers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(path);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => {
      resolve(false);
    });
  });
}

/**
 * The TypeScript store sidecar of one Ignite node: serves the bridge protocol on a Unix socket with
 * one store per configured cache on one Cassandra data source, and stops gracefully.
 */
export class SidecarServer implements ConnectionHost {
  readonly context: HandlerContext;
  readonly maxInFlight: number;
  readonly creditTimeoutMs: number;
  private state: 'serving' | 'draining' | 'stopped' = 'serving';
  private inFlight = 0;
  private readonly connections = new Set<SidecarConnection>();
  private readonly requests: Record<string, number> = {};
  private errors = 0;
  private readonly coalescing = new CoalescingCounters();
  private readonly started = Date.now();

  private constructor(
    private readonly config: SidecarConfig,
    private readonly server: Server,
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRegistry,
    caches: Map<string, CacheBinding>,
    private readonly logLine: (line: string) => void,
    /** Cassandra retries of the stores (counted by their hooks). */
    private readonly retries: { count: number },
  ) {
    const name = config.name ?? 'sidecar';
    const instance = randomUUID();
    this.maxInFlight = config.maxInFlightPerConnection ?? 512;
    this.creditTimeoutMs = config.creditTimeoutMs ?? 120_000;
    this.context = {
      name,
      instance,
      caches,
      transactions,
      health: () => this.health(),
      coalesced: (entries) => {
        this.coalescing.frame(entries);
      },
    };
  }

  /**
   * Connects to Cassandra, builds the stores and listens. A stale socket file (no process behind
   * it) is replaced; a live one is an error.
   */
  static async start(
    config: SidecarConfig,
    options: { log?: (line: string) => void } = {},
  ): Promise<SidecarServer> {
    const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
    if (existsSync(config.socket)) {
      if (await socketAnswers(config.socket)) {
        throw new SocketInUseError(`another process already listens on ${config.socket}`, {
          hint: 'Stop the other sidecar, or give this one another socket path.',
        });
      }
      unlinkSync(config.socket);
    }
    const c = config.cassandra;
    const dataSource = new DataSource({
      contactPoints: c.contactPoints,
      ...(c.localDataCenter ? { localDataCenter: c.localDataCenter } : {}),
      ...(c.readConsistency ? { readConsistency: c.readConsistency } : {}),
      ...(c.writeConsistency ? { writeConsistency: c.writeConsistency } : {}),
      ...(c.credentials ? { credentials: c.credentials } : {}),
      ...(c.requestTimeoutMs ? { requestTimeoutMs: c.requestTimeoutMs } : {}),
      log: (level, message) => {
        log(`${level}: ${message}`);
      },
    });
    try {
      const retries = { count: 0 };
      const caches = await openCaches(config, dataSource, log, {
        onRetry: () => {
          retries.count++;
        },
      });
      await dataSource.connect();
      const transactions = new TransactionRegistry(dataSource, {
        maxOpen: config.maxOpenTransactions ?? 4096,
        timeoutMs: config.transactionTimeoutMs ?? 300_000,
        log,
      });
      const server = createServer();
      const sidecar = new SidecarServer(
        config,
        server,
        dataSource,
        transactions,
        caches,
        log,
        retries,
      );
      server.on('connection', (socket) => {
        sidecar.accept(socket);
      });
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.socket, () => {
          server.off('error', reject);
          resolve();
        });
      });
      // Only this user's processes may talk to the store.
      chmodSync(config.socket, 0o600);
      return sidecar;
    } catch (error) {
      await dataSource.close().catch(() => undefined);
      throw error;
    }
  }

  get stopping(): boolean {
    return this.state !== 'serving';
  }

  get socketPath(): string {
    return this.config.socket;
  }

  log(line: string): void {
    this.logLine(line);
  }

  queuedFor(ms: number): void {
    this.coalescing.queued(ms);
  }

  track(op: number, delta: 1 | -1, failed = false): void {
    this.inFlight += delta;
    if (delta === 1) {
      const name = OP_NAMES[op] ?? String(op);
      this.requests[name] = (this.requests[name] ?? 0) + 1;
    }
    if (failed) this.errors++;
  }

  private accept(socket: import('node:net').Socket): void {
    if (this.stopping) {
      socket.destroy();
      return;
    }
    const connection = new SidecarConnection(socket, this);
    this.connections.add(connection);
    socket.once('close', () => {
      this.connections.delete(connection);
    });
  }

  health(): Record<string, unknown> {
    return {
      name: this.context.name,
      instance: this.context.instance,
      state: this.state,
      pid: process.pid,
      uptimeMs: Date.now() - this.started,
      connections: this.connections.size,
      inFlight: this.inFlight,
      openTransactions: this.transactions.size,
      caches: [...this.context.caches.keys()],
      requests: { ...this.requests },
      errors: this.errors,
      retries: this.retries.count,
      coalescing: this.coalescing.snapshot(this.requests),
    };
  }

  /**
   * Graceful stop: no new connections or requests (they get ERROR Stopping), loadCache streams end
   * with an error, requests in flight finish (at most `drainTimeoutMs`), open transactions are
   * discarded (nothing half-done is committed), then connections and the data source close.
   */
  async stop(): Promise<StopReport> {
    if (this.state === 'stopped') return { drained: true, abandoned: 0, discardedTransactions: 0 };
    this.state = 'draining';
    const closed = new Promise<void>((resolve) => {
      this.server.close(() => {
        resolve();
      });
    });
    const stopping = new StoppingError('the sidecar is stopping; loadCache was interrupted');
    for (const c of this.connections) c.abortStreams(stopping);
    const deadline = Date.now() + (this.config.drainTimeoutMs ?? 30_000);
    while (this.inFlight > 0 && Date.now() < deadline) await sleep(20);
    const abandoned = this.inFlight;
    const discardedTransactions = this.transactions.abortAll('the sidecar stopped');
    this.transactions.close();
    await Promise.all([...this.connections].map((c) => c.close(CLOSE_TIMEOUT_MS)));
    await closed;
    await this.dataSource.close().catch((error: unknown) => {
      this.log(`closing the Cassandra connection failed: ${String(error)}`);
    });
    if (existsSync(this.config.socket)) unlinkSync(this.config.socket);
    this.state = 'stopped';
    return { drained: abandoned === 0, abandoned, discardedTransactions };
  }
}
