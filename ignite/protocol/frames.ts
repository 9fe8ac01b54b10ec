import { MAX_FRAME_BYTES } from './constants';
import { malformed } from './values';

/** One frame: its code (op or status), request id and body bounds within `buf`. */
export interface Frame {
  readonly code: number;
  readonly requestId: number;
  readonly buf: Buffer;
  /** Offset of the payload (after code and id). */
  readonly bodyOffset: number;
  readonly end: number;
}

/**
 * Splits a byte stream into length-prefixed frames. Holds at most one partial frame; a length
 * outside 5 … MAX_FRAME_BYTES is a protocol error (the connection must be closed).
 */
export class FrameDecoder {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  /** Adds received bytes; returns the frames they complete. */
  push(chunk: Buffer): Frame[] {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    const frames: Frame[] = [];
    while (this.pendingBytes >= 4) {
      const head = this.peekLength();
      if (head < 5 || head > MAX_FRAME_BYTES) throw malformed(`frame length ${head}`);
      if (this.pendingBytes < 4 + head) break;
      const all =
        this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending);
      const frameEnd = 4 + head;
      frames.push({
        code: all[4] ?? 0,
        requestId: all.readUInt32BE(5),
        buf: all,
        bodyOffset: 9,
        end: frameEnd,
      });
      const rest = all.subarray(frameEnd);
      this.pending = rest.length ? [rest] : [];
      this.pendingBytes = rest.length;
      // Later frames start at offset 0 of their own view; `all` stays referenced by the frame above.
    }
    return frames;
  }

  /** Bytes buffered for an incomplete frame. */
  get buffered(): number {
    return this.pendingBytes;
  }

  private peekLength(): number {
    const first = this.pending[0] as Buffer;
    if (first.length >= 4) return first.readUInt32BE(0);
    return Buffer.concat(this.pending).readUInt32BE(0);
  }
}
