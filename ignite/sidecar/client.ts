import { connect, type Socket } from 'node:net';

import { TestbedError } from '../../common/errors';
import { withTimeout } from '../../common/wait';
import { Op, PROTOCOL_VERSION, Status } from '../protocol/constants';
import { FrameDecoder, type Frame } from '../protocol/frames';
import { WireReader } from '../protocol/reader';
import { WireWriter } from '../protocol/writer';

/** The sidecar answered ERROR: carries its kind (the sidecar's error class) and message. */
export class SidecarCallError extends TestbedError {
  constructor(
    readonly kind: string,
    message: string,
  ) {
    super(`${kind}: ${message}`);
  }
}

/** One response frame. */
export interface SidecarResponse {
  readonly status: number;
  /** A reader over the payload. */
  readonly reader: WireReader;
}

/** The receiving end of a stream (loadCache): frames in order, credits granted by the caller. */
export interface SidecarStream {
  /** The next CHUNK, END or ERROR frame. */
  next(timeoutMs: number): Promise<SidecarResponse>;
  credit(chunks: number): void;
  cancel(): void;
}

type Receiver = (frame: Frame | Error) => void;

/**
 * A TypeScript client of the bridge protocol, for health checks of the local harness and for tests
 * that drive a sidecar without Ignite. (Ignite nodes use the Java bridge.)
 */
export class SidecarClient {
  private readonly decoder = new FrameDecoder();
  private readonly receivers = new Map<number, Receiver>();
  private nextId = 1;
  private closedError: Error | undefined;
  /** From the handshake. */
  sidecarName = '';
  instance = '';
  caches: string[] = [];

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      let frames: Frame[];
      try {
        frames = this.decoder.push(chunk);
      } catch (error) {
        this.fail(error as Error);
        return;
      }
      for (const f of frames) this.receivers.get(f.requestId)?.(f);
    });
    socket.on('close', () => {
      this.fail(new SidecarCallError('Unavailable', 'the sidecar closed the connection'));
    });
    socket.on('error', (error) => {
      this.fail(error);
    });
  }

  /** Connects and shakes hands within `timeoutMs`. */
  static async connect(socketPath: string, timeoutMs = 5_000): Promise<SidecarClient> {
    const socket = connect(socketPath);
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('error', reject);
      }),
      timeoutMs,
      `connecting to the sidecar at ${socketPath}`,
    ).catch((error: unknown) => {
      socket.destroy();
      throw error;
    });
    const client = new SidecarClient(socket);
    try {
      const r = await client.call(
        Op.HELLO,
        (w) => w.u16(PROTOCOL_VERSION).str('ts-client'),
        timeoutMs,
      );
      r.reader.u16();
      client.sidecarName = r.reader.str();
      client.instance = r.reader.str();
      const n = r.reader.u32();
      client.caches = Array.from({ length: n }, () => r.reader.str());
      return client;
    } catch (error) {
      client.close();
      throw error;
    }
  }

  /** One request, one response; ERROR answers are thrown as {@link SidecarCallError}. */
  async call(
    op: number,
    write: (w: WireWriter) => void,
    timeoutMs = 30_000,
  ): Promise<SidecarResponse> {
    const id = this.nextId++;
    const frame = new Promise<Frame>((resolve, reject) => {
      this.receivers.set(id, (f) => {
        this.receivers.delete(id);
        if (f instanceof Error) reject(f);
        else resolve(f);
      });
    });
    this.send(op, id, write);
    try {
      return toResponse(await withTimeout(frame, timeoutMs, `the sidecar's answer to op ${op}`));
    } finally {
      this.receivers.delete(id);
    }
  }

  /** Opens a stream (LOAD_CACHE); frames queue here until read with `next`. */
  stream(op: number, write: (w: WireWriter) => void): SidecarStream {
    const id = this.nextId++;
    const queue: (Frame | Error)[] = [];
    let waiting: ((f: Frame | Error) => void) | undefined;
    this.receivers.set(id, (f) => {
      if (waiting) {
        const w = waiting;
        waiting = undefined;
        w(f);
      } else queue.push(f);
    });
    this.send(op, id, write);
    return {
      next: async (timeoutMs) => {
        const item =
          queue.shift() ??
          (await withTimeout(
            new Promise<Frame | Error>((resolve) => {
              waiting = resolve;
            }),
            timeoutMs,
            'the next stream frame',
          ));
        if (item instanceof Error) throw item;
        if (item.code !== Status.CHUNK) this.receivers.delete(id);
        const r = toResponse(item, false);
        return r;
      },
      credit: (chunks) => {
        this.send(Op.CREDIT, id, (w) => w.u32(chunks));
      },
      cancel: () => {
        this.receivers.delete(id);
        this.send(Op.CANCEL, id, () => undefined);
      },
    };
  }

  /** The sidecar's health report. */
  async health(timeoutMs = 5_000): Promise<Record<string, unknown>> {
    const r = await this.call(Op.HEALTH, () => undefined, timeoutMs);
    return JSON.parse(r.reader.str()) as Record<string, unknown>;
  }

  close(): void {
    this.socket.destroy();
  }

  private send(op: number, id: number, write: (w: WireWriter) => void): void {
    if (this.closedError) throw this.closedError;
    const w = WireWriter.frame(op, id);
    write(w);
    this.socket.write(w.finish());
  }

  private fail(error: Error): void {
    this.closedError ??= error;
    for (const r of [...this.receivers.values()]) r(error);
    this.receivers.clear();
  }
}

function toResponse(f: Frame, throwErrors = true): SidecarResponse {
  const reader = new WireReader(f.buf, f.bodyOffset, f.end);
  if (throwErrors && f.code === Status.ERROR)
    throw new SidecarCallError(reader.str(), reader.str());
  return { status: f.code, reader };
}
