/**
 * Fire-and-forget gmetric publishing over UDP. Sending never blocks, never throws and never waits
 * for gmond: datagrams beyond a bounded window of unfinished sends are dropped and counted, socket
 * errors are counted, and the only I/O is one UDP socket. A load test that publishes through this
 * cannot be slowed or failed by an absent or dead gmond.
 */
import { createSocket, type Socket } from 'node:dgram';
import { isIPv4 } from 'node:net';

import { errorMessage } from '../../common/errors';
import { MonitoringError } from '../errors';
import { encodeMetadata, encodeValue, type GmetricHost, type GmetricMetadata } from './encode';

/** A gmond UDP receive channel. */
export interface GmondAddress {
  /** An IPv4 address (no name lookups on the publishing path). */
  readonly address: string;
  readonly port: number;
}

/** Options of {@link GmetricSender}. */
export interface GmetricSenderOptions {
  /** Where the datagrams go (the role's collector gmond; several for redundancy). */
  readonly targets: readonly GmondAddress[];
  /** The host the metrics belong to. */
  readonly host: GmetricHost;
  /** Metadata is repeated this often per metric, so a restarted gmond learns it again. @default 30000 */
  readonly metadataIntervalMs?: number;
  /** Sends not yet handed to the kernel; beyond this, datagrams are dropped. @default 256 */
  readonly maxPendingSends?: number;
  /** Called once, on the first send error (later ones are only counted). */
  readonly onFirstError?: (message: string) => void;
}

/** What a sender did, for reports and tests. */
export interface GmetricSenderStats {
  readonly sent: number;
  readonly dropped: number;
  readonly errors: number;
  readonly lastError: string | undefined;
}

/** One metric to publish with its value. */
export interface GmetricValue extends GmetricMetadata {
  readonly value: number | string;
}

/** Publishes metrics for one host to gmond; see the file comment for the guarantees. */
export class GmetricSender {
  private readonly socket: Socket;
  private readonly metadataSentAt = new Map<string, number>();
  private readonly metadataIntervalMs: number;
  private readonly maxPending: number;
  private pending = 0;
  private closed = false;
  private counts = { sent: 0, dropped: 0, errors: 0 };
  private lastError: string | undefined;

  constructor(private readonly options: GmetricSenderOptions) {
    if (options.targets.length === 0) {
      throw new MonitoringError('bad-config', 'gmetric sender: no gmond target given');
    }
    for (const t of options.targets) {
      if (!isIPv4(t.address) || !Number.isInteger(t.port) || t.port < 1 || t.port > 65535) {
        throw new MonitoringError(
          'bad-config',
          `gmetric sender: target ${t.address}:${t.port} is not an IPv4 address and port`,
          { hint: 'Give the collector gmond as an IPv4 address and a UDP port (1-65535).' },
        );
      }
    }
    this.metadataIntervalMs = options.metadataIntervalMs ?? 30_000;
    this.maxPending = options.maxPendingSends ?? 256;
    this.socket = createSocket('udp4');
    // An unreachable port comes back as an asynchronous error on some systems: count it, never throw.
    this.socket.on('error', (error) => {
      this.failed(error);
    });
    this.socket.unref();
  }

  /** Queues the metrics for sending; returns at once. Bad names or values throw (a caller bug). */
  publish(metrics: readonly GmetricValue[]): void {
    if (this.closed) return;
    const now = Date.now();
    const datagrams: Buffer[] = [];
    for (const m of metrics) {
      const key = m.name;
      const last = this.metadataSentAt.get(key);
      if (last === undefined || now - last >= this.metadataIntervalMs) {
        datagrams.push(encodeMetadata(this.options.host, m));
        this.metadataSentAt.set(key, now);
      }
      datagrams.push(encodeValue(this.options.host, m.name, m.type, m.value));
    }
    for (const target of this.options.targets) {
      for (const d of datagrams) this.send(d, target);
    }
  }

  private send(datagram: Buffer, target: GmondAddress): void {
    if (this.pending >= this.maxPending) {
      this.counts.dropped++;
      return;
    }
    this.pending++;
    try {
      this.socket.send(datagram, target.port, target.address, (error) => {
        this.pending--;
        if (error) this.failed(error);
        else this.counts.sent++;
      });
    } catch (error) {
      this.pending--;
      this.failed(error);
    }
  }

  private failed(error: unknown): void {
    this.counts.errors++;
    const message = errorMessage(error);
    if (this.lastError === undefined) this.options.onFirstError?.(message);
    this.lastError = message;
  }

  /** Forgets which metadata was sent, so the next publish declares every metric again. */
  redeclare(): void {
    this.metadataSentAt.clear();
  }

  get stats(): GmetricSenderStats {
    return { ...this.counts, lastError: this.lastError };
  }

  /** Closes the socket; sends still queued are abandoned (bounded: never waits for gmond). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.socket.close();
    } catch (error) {
      // Closed already after a socket error: nothing is left to release.
      if ((error as NodeJS.ErrnoException).code !== 'ERR_SOCKET_DGRAM_NOT_RUNNING')
        this.failed(error);
    }
  }
}
