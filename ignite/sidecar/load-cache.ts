import { setTimeout as sleep } from 'node:timers/promises';

import { TestbedError } from '../../common/errors';
import { Status } from '../protocol/constants';
import type { WireReader } from '../protocol/reader';
import { WireWriter } from '../protocol/writer';
import type { CacheBinding } from './caches';
import { errorFrame } from './context';

/** The bridge granted no credit for too long (it is stuck or gone). */
export class CreditTimeoutError extends TestbedError {}

/** Largest window and chunk a bridge may ask for (bounds the sidecar's memory per stream too). */
const MAX_WINDOW = 64;
const MAX_CHUNK_ENTRIES = 65_536;

/**
 * One loadCache stream: scans the store and sends CHUNK frames, each only when the bridge has
 * granted a credit for it, then END (or ERROR). Memory stays bounded by one chunk here, the store's
 * scan buffers, and `window` chunks on the Ignite node.
 */
export class LoadCacheStream {
  private credits: number;
  private cancelled = false;
  private wake: (() => void) | undefined;
  private readonly chunkEntries: number;
  private readonly queries: string[];

  constructor(
    private readonly id: number,
    private readonly binding: CacheBinding,
    r: WireReader,
    private readonly send: (frame: Buffer) => void,
    private readonly creditTimeoutMs: number,
  ) {
    this.credits = Math.min(Math.max(r.u32(), 1), MAX_WINDOW);
    this.chunkEntries = Math.min(Math.max(r.u32(), 1), MAX_CHUNK_ENTRIES);
    const n = r.count();
    this.queries = Array.from({ length: n }, () => r.str());
  }

  credit(n: number): void {
    this.credits += n;
    this.wake?.();
  }

  /** Stops the scan; nothing more is sent (the bridge gave up, or the connection is gone). */
  cancel(): void {
    this.cancelled = true;
    this.wake?.();
  }

  /** Stops the scan and tells the bridge why (the sidecar is stopping). */
  abort(error: unknown): void {
    if (this.cancelled) return;
    this.cancel();
    this.send(errorFrame(this.id, error));
  }

  private async awaitCredit(): Promise<void> {
    const deadline = Date.now() + this.creditTimeoutMs;
    while (this.credits === 0 && !this.cancelled) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new CreditTimeoutError(
          `loadCache of cache ${this.binding.name}: the bridge granted no credit for ${this.creditTimeoutMs} ms; the stream is abandoned`,
        );
      }
      const controller = new AbortController();
      await Promise.race([
        new Promise<void>((resolve) => {
          this.wake = resolve;
        }),
        sleep(remaining, undefined, { signal: controller.signal }).catch(() => undefined),
      ]);
      controller.abort();
      this.wake = undefined;
    }
  }

  /** Runs the scan to its end; never throws (failures become an ERROR frame). */
  async run(): Promise<void> {
    const { store, mapping } = this.binding;
    let total = 0;
    let count = 0;
    let w = this.chunkWriter();
    try {
      for await (const [key, value] of store.loadCache(...this.queries)) {
        if (this.cancelled) return;
        mapping.key.write(w.writer, key);
        mapping.value.write(w.writer, value);
        if (++count === this.chunkEntries) {
          if (!(await this.flush(w, count))) return;
          total += count;
          count = 0;
          w = this.chunkWriter();
        }
      }
      if (count > 0) {
        if (!(await this.flush(w, count))) return;
        total += count;
      }
      if (!this.cancelled)
        this.send(WireWriter.frame(Status.END, this.id).i64(BigInt(total)).finish());
    } catch (error) {
      if (!this.cancelled) this.send(errorFrame(this.id, error));
    }
  }

  private chunkWriter(): { writer: WireWriter; countAt: number } {
    const writer = WireWriter.frame(Status.CHUNK, this.id, 64 * 1024);
    const countAt = writer.size;
    writer.u32(0);
    return { writer, countAt };
  }

  /** Sends a chunk once a credit allows; false when the stream was cancelled meanwhile. */
  private async flush(w: { writer: WireWriter; countAt: number }, count: number): Promise<boolean> {
    await this.awaitCredit();
    if (this.cancelled) return false;
    this.credits--;
    w.writer.patchU32(w.countAt, count);
    this.send(w.writer.finish());
    return true;
  }
}
