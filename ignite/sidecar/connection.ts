import type { Socket } from 'node:net';

import { Op, OP_NAMES } from '../protocol/constants';
import { FrameDecoder, type Frame } from '../protocol/frames';
import { WireReader } from '../protocol/reader';
import { binding, errorFrame, StoppingError, type HandlerContext } from './context';
import { handle } from './handlers';
import { LoadCacheStream } from './load-cache';
import { ProtocolError } from '../protocol/errors';

/** What a connection needs from its server. */
export interface ConnectionHost {
  readonly context: HandlerContext;
  readonly maxInFlight: number;
  readonly creditTimeoutMs: number;
  /** True once the server drains: new requests are refused. */
  readonly stopping: boolean;
  /** Adds the time a frame waited for a free in-flight slot. */
  queuedFor(ms: number): void;
  /** Counts a request in or out (the server's drain waits for zero). */
  track(op: number, delta: 1 | -1, failed?: boolean): void;
  log(line: string): void;
}

/**
 * One bridge connection: splits frames, serves at most `maxInFlight` requests at once (beyond it,
 * it stops reading the socket, which pushes back on the bridge), answers each request with its id,
 * and routes credits and cancellations to loadCache streams.
 */
export class SidecarConnection {
  private readonly decoder = new FrameDecoder();
  private readonly streams = new Map<number, LoadCacheStream>();
  /** Frames received while the in-flight limit was reached (at most one read's worth). */
  private readonly queued: Frame[] = [];
  /** When each queued frame arrived (performance.now()), for the time-queued counter. */
  private readonly queuedAt: number[] = [];
  private inFlight = 0;
  private paused = false;
  private greeted = false;
  private closed = false;
  private corked = false;
  private readonly uncork = (): void => {
    this.corked = false;
    this.socket.uncork();
  };

  constructor(
    private readonly socket: Socket,
    private readonly host: ConnectionHost,
  ) {
    socket.on('data', (chunk: Buffer) => {
      this.onData(chunk);
    });
    socket.on('close', () => {
      this.onClose();
    });
    socket.on('error', (error) => {
      host.log(`connection error: ${error.message}`);
    });
  }

  get requestsInFlight(): number {
    return this.inFlight;
  }

  /** Ends every loadCache stream of this connection with an ERROR frame (shutdown). */
  abortStreams(error: unknown): void {
    for (const s of this.streams.values()) s.abort(error);
  }

  /**
   * Closes the connection after the answers already written reach the bridge: a stop must not drop
   * the response of a request it waited for (a corked write still sits in this process until the
   * uncork). Gives up and destroys the socket after `timeoutMs` when the bridge does not read.
   */
  async close(timeoutMs: number): Promise<void> {
    if (this.socket.destroyed) return;
    if (this.corked) this.uncork();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.socket.destroy();
      }, timeoutMs);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.socket.end();
    });
  }

  private onData(chunk: Buffer): void {
    let frames: Frame[];
    try {
      frames = this.decoder.push(chunk);
    } catch (error) {
      this.host.log(`closing a connection that broke the protocol: ${(error as Error).message}`);
      this.socket.destroy();
      return;
    }
    for (const f of frames) this.receive(f);
  }

  private receive(f: Frame): void {
    // Credits and cancellations belong to a stream already counted in flight.
    if (f.code === Op.CREDIT) {
      this.streams.get(f.requestId)?.credit(new WireReader(f.buf, f.bodyOffset, f.end).u32());
      return;
    }
    if (f.code === Op.CANCEL) {
      this.streams.get(f.requestId)?.cancel();
      return;
    }
    if (this.inFlight >= this.host.maxInFlight) {
      this.queued.push(f);
      this.queuedAt.push(performance.now());
      if (!this.paused) {
        this.paused = true;
        this.socket.pause();
      }
      return;
    }
    this.dispatch(f);
  }

  // No closure is named per request here: tsx (keepNames) wraps each named one in a call.
  private dispatch(f: Frame): void {
    this.inFlight++;
    this.host.track(f.code, 1);
    try {
      if (this.host.stopping)
        throw new StoppingError('the sidecar is stopping and takes no new requests');
      if (!this.greeted && f.code !== Op.HELLO && f.code !== Op.HEALTH) {
        throw new ProtocolError(`${OP_NAMES[f.code] ?? f.code} before HELLO`);
      }
      if (f.code === Op.LOAD_CACHE) {
        const stream = this.openStream(f);
        void stream.run().finally(() => {
          this.streams.delete(f.requestId);
          this.done(f, false);
        });
        return;
      }
    } catch (error) {
      this.refuse(f, error);
      return;
    }
    handle(this.host.context, f).then(
      (response) => {
        if (f.code === Op.HELLO) this.greeted = true;
        this.write(response);
        this.done(f, false);
      },
      (error: unknown) => {
        this.refuse(f, error);
      },
    );
  }

  /** Answers a request with an ERROR frame and counts it out as failed. */
  private refuse(f: Frame, error: unknown): void {
    this.write(errorFrame(f.requestId, error));
    this.done(f, true);
  }

  private done(f: Frame, failed: boolean): void {
    this.inFlight--;
    this.host.track(f.code, -1, failed);
    this.drainQueue();
  }

  private openStream(f: Frame): LoadCacheStream {
    const r = new WireReader(f.buf, f.bodyOffset, f.end);
    const stream = new LoadCacheStream(
      f.requestId,
      binding(this.host.context, r.str()),
      r,
      (frame) => {
        this.write(frame);
      },
      this.host.creditTimeoutMs,
    );
    this.streams.set(f.requestId, stream);
    return stream;
  }

  private drainQueue(): void {
    while (this.queued.length > 0 && this.inFlight < this.host.maxInFlight) {
      this.host.queuedFor(performance.now() - (this.queuedAt.shift() ?? performance.now()));
      this.dispatch(this.queued.shift() as Frame);
    }
    if (this.paused && this.queued.length === 0 && !this.closed) {
      this.paused = false;
      this.socket.resume();
    }
  }

  /**
   * Responses completed in the same iteration of the event loop (all the Cassandra answers one poll
   * delivered) leave in one writev: one syscall and one wake-up of the bridge's reader instead of
   * one per response. A profile of single writes under load showed socket writes at half the
   * sidecar's CPU.
   */
  private write(frame: Buffer): void {
    if (this.closed) return;
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      setImmediate(this.uncork);
    }
    this.socket.write(frame);
  }

  private onClose(): void {
    this.closed = true;
    this.queued.length = 0;
    this.queuedAt.length = 0;
    for (const s of this.streams.values()) s.cancel();
  }
}
