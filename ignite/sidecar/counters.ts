/** Upper bounds of the entries-per-frame histogram buckets: 1, 2, 3-4, 5-8, …, 129+. */
const BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, Infinity] as const;

/** Single-entry ops and their coalesced forms, whose frames together make the histogram. */
const SINGLE_OPS = ['LOAD', 'WRITE', 'DELETE'] as const;

/** What the sidecar's health report says about coalesced calls. */
export interface CoalescingSnapshot {
  /** Frames of single-entry calls: one-entry (LOAD, WRITE, DELETE) and multi-entry frames. */
  readonly frames: number;
  /** Entries in those frames. */
  readonly entries: number;
  /** Multi-entry frames (LOAD_MULTI, WRITE_MULTI, DELETE_MULTI). */
  readonly multiFrames: number;
  /** Frames by entries: "1", "2", "3-4", …, "129+". */
  readonly entriesPerFrame: Readonly<Record<string, number>>;
  /** Time frames waited in the sidecar for a free in-flight slot, in total. */
  readonly queuedMs: number;
}

function bucketName(i: number): string {
  const hi = BUCKETS[i] as number;
  const lo = i === 0 ? 1 : (BUCKETS[i - 1] as number) + 1;
  if (hi === Infinity) return `${lo}+`;
  return lo === hi ? String(lo) : `${lo}-${hi}`;
}

/**
 * Counters of coalesced single-entry calls (frames, entries per frame, time queued), kept by the
 * server and shown in its health report.
 */
export class CoalescingCounters {
  private multiFrames = 0;
  private multiEntries = 0;
  private queuedTotalMs = 0;
  private readonly histogram = new Array<number>(BUCKETS.length).fill(0);

  /** A multi-entry frame of `entries` entries. */
  frame(entries: number): void {
    this.multiFrames++;
    this.multiEntries += entries;
    let b = 0;
    while (entries > (BUCKETS[b] as number)) b++;
    this.histogram[b] = (this.histogram[b] ?? 0) + 1;
  }

  queued(ms: number): void {
    this.queuedTotalMs += ms;
  }

  /** With the one-entry frames counted from the request counters (`requests`: op name → count). */
  snapshot(requests: Readonly<Record<string, number>>): CoalescingSnapshot {
    const single = SINGLE_OPS.reduce((n, op) => n + (requests[op] ?? 0), 0);
    const entriesPerFrame: Record<string, number> = {};
    this.histogram.forEach((count, i) => {
      entriesPerFrame[bucketName(i)] = i === 0 ? count + single : count;
    });
    return {
      frames: this.multiFrames + single,
      entries: this.multiEntries + single,
      multiFrames: this.multiFrames,
      entriesPerFrame,
      queuedMs: Math.round(this.queuedTotalMs * 1000) / 1000,
    };
  }
}
