/**
 * Accounting of one operation type in one phase: an HDR latency histogram, counts, errors by kind
 * and completions per wall-clock second. Everything here is on the hot path: no allocation per
 * call except a new error kind's map entry.
 */
import { build, initWebAssemblySync, WasmHistogram } from 'hdr-histogram-js';

import {
  encodeHistogram,
  LATENCY_HISTOGRAM,
  newLatencyHistogram,
  summarizeHistogram,
  type Histogram,
} from '../results/histogram';
import type { OperationStats } from '../results/schema';

let wasm: boolean | undefined;

/**
 * Compiles the WebAssembly histogram once (it can take a few hundred milliseconds on a busy
 * machine); called before a workload's clock starts so the warm-up is not spent on it.
 */
export function initRecording(): void {
  if (wasm !== undefined) return;
  try {
    initWebAssemblySync();
    wasm = true;
  } catch {
    wasm = false; // no WebAssembly in this runtime: the JavaScript build records the same values
  }
}

/**
 * A recording histogram (nanoseconds). The WebAssembly build records about five times faster than
 * the JavaScript one (measured: ~20 ns against ~115 ns per value), which matters at a million calls
 * per second; the JavaScript build is the fallback where WebAssembly is unavailable.
 */
export function newRecordingHistogram(): Histogram {
  initRecording();
  if (!wasm) return newLatencyHistogram();
  return build({ ...LATENCY_HISTOGRAM, useWebAssembly: true });
}

/** Frees a histogram's WebAssembly memory (a no-op for the JavaScript build). */
export function releaseHistogram(histogram: Histogram): void {
  if (histogram instanceof WasmHistogram) histogram.destroy();
}

/** Maps `performance.now()` of this phase to epoch seconds (wall clock taken once per phase). */
export class PhaseClock {
  /** Epoch ms at `performance.now() === 0`, sampled when the phase starts. */
  readonly offsetMs = Date.now() - performance.now();
  readonly startEpochSec: number;

  constructor(readonly startMs: number) {
    this.startEpochSec = Math.floor((this.offsetMs + startMs) / 1000);
  }

  epochMs(t: number): number {
    return this.offsetMs + t;
  }

  /** Index of the wall-clock second `t` falls in, counted from {@link startEpochSec}. */
  secondIndex(t: number): number {
    return Math.floor((this.offsetMs + t) / 1000) - this.startEpochSec;
  }
}

const zeros = (n: number): number[] => new Array<number>(n).fill(0);

export class OperationRecorder {
  calls = 0;
  entries = 0;
  errors = 0;
  errorEntries = 0;
  retries = 0;
  misses = 0;
  readonly errorsByKind = new Map<string, number>();
  readonly errorEntriesByKind = new Map<string, number>();
  /** From the intended start: the schedule in the open loop, the call itself in the closed loop. */
  readonly latency = newRecordingHistogram();
  /** Open loop only: from the actual send. */
  readonly serviceTime: Histogram | undefined;
  private readonly callsPerSec: number[];
  private readonly entriesPerSec: number[];
  private readonly errorsPerSec: number[];

  constructor(
    private readonly clock: PhaseClock,
    expectedSeconds: number,
    openLoop: boolean,
  ) {
    this.serviceTime = openLoop ? newRecordingHistogram() : undefined;
    const n = Math.ceil(expectedSeconds) + 2;
    this.callsPerSec = zeros(n);
    this.entriesPerSec = zeros(n);
    this.errorsPerSec = zeros(n);
  }

  private second(t: number): number {
    const i = this.clock.secondIndex(t);
    // Calls still completing after the planned end (a slow drain) extend the series.
    while (i >= this.callsPerSec.length) {
      this.callsPerSec.push(0);
      this.entriesPerSec.push(0);
      this.errorsPerSec.push(0);
    }
    return i < 0 ? 0 : i;
  }

  /** A successful call: times are `performance.now()` milliseconds. */
  success(intendedMs: number, sentMs: number, endMs: number, entries: number): void {
    this.calls++;
    this.entries += entries;
    this.latency.recordValue(Math.round((endMs - intendedMs) * 1e6));
    this.serviceTime?.recordValue(Math.round((endMs - sentMs) * 1e6));
    const s = this.second(endMs);
    this.callsPerSec[s] = (this.callsPerSec[s] ?? 0) + 1;
    this.entriesPerSec[s] = (this.entriesPerSec[s] ?? 0) + entries;
  }

  /**
   * A failed call, counted under `kind`. `itemsByKind`, for a bulk call that failed only some of
   * its items (maybe for several reasons), are exactly the failed items by kind; otherwise every
   * entry of the call counts as failed under `kind`.
   */
  failure(
    kind: string,
    endMs: number,
    entries: number,
    itemsByKind?: Readonly<Record<string, number>>,
  ): void {
    this.errors++;
    this.errorsByKind.set(kind, (this.errorsByKind.get(kind) ?? 0) + 1);
    if (itemsByKind) {
      for (const [k, n] of Object.entries(itemsByKind)) {
        this.errorEntries += n;
        this.errorEntriesByKind.set(k, (this.errorEntriesByKind.get(k) ?? 0) + n);
      }
    } else {
      this.errorEntries += entries;
      this.errorEntriesByKind.set(kind, (this.errorEntriesByKind.get(kind) ?? 0) + entries);
    }
    const s = this.second(endMs);
    this.errorsPerSec[s] = (this.errorsPerSec[s] ?? 0) + 1;
  }

  /** The statistics of the phase that ended at `endMs`; releases the histograms. */
  finish(durationMs: number, endMs: number): OperationStats {
    const seconds = durationMs / 1000;
    const rate = (n: number): number => (seconds > 0 ? n / seconds : 0);
    const stats: OperationStats = {
      calls: this.calls,
      entries: this.entries,
      errors: this.errors,
      errorEntries: this.errorEntries,
      errorsByKind: Object.fromEntries(this.errorsByKind),
      errorEntriesByKind: Object.fromEntries(this.errorEntriesByKind),
      retries: this.retries,
      misses: this.misses,
      throughputOpsPerSec: rate(this.calls),
      throughputEntriesPerSec: rate(this.entries),
      latency: summarizeHistogram(this.latency),
      latencyHistogram: encodeHistogram(this.latency),
      series: this.series(endMs),
    };
    if (this.serviceTime) {
      stats.serviceTime = summarizeHistogram(this.serviceTime);
      stats.serviceTimeHistogram = encodeHistogram(this.serviceTime);
      releaseHistogram(this.serviceTime);
    }
    releaseHistogram(this.latency);
    return stats;
  }

  /**
   * The seconds the phase covered, plus any later second a slow call completed in; the slack
   * allocated for a drain is dropped, a quiet second inside the phase is not.
   */
  private series(endMs: number): OperationStats['series'] {
    let n = this.callsPerSec.length;
    const covered = Math.max(1, this.clock.secondIndex(endMs) + 1);
    while (n > covered && this.callsPerSec[n - 1] === 0 && this.errorsPerSec[n - 1] === 0) n--;
    return {
      startEpochSec: this.clock.startEpochSec,
      callsPerSec: this.callsPerSec.slice(0, n),
      entriesPerSec: this.entriesPerSec.slice(0, n),
      errorsPerSec: this.errorsPerSec.slice(0, n),
    };
  }
}
