/**
 * Live figures of the running workload, once a second: for the progress display and for metric
 * publishers (Ganglia). Computed from the recorders outside the hot path: counts by difference and
 * the p99 of the last interval from a histogram difference.
 */
import type { WorkloadName } from '../operations';
import type { Histogram } from '../results/histogram';
import { newRecordingHistogram, releaseHistogram, type OperationRecorder } from './recorder';

/** One live sample of a workload. */
export interface LiveSample {
  readonly workload: WorkloadName;
  readonly phase: 'warmup' | 'measured';
  readonly timestampMs: number;
  /** Seconds since the workload started, and its planned length (warm-up + measured). */
  readonly elapsedSec: number;
  readonly plannedSec: number;
  /** Over the last interval. */
  readonly throughputOpsPerSec: number;
  readonly throughputEntriesPerSec: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly errorsPerSec: number;
  /** Since the phase started. */
  readonly calls: number;
  readonly errors: number;
  /** Calls issued and not settled at the sample's time. */
  readonly inFlight: number;
}

export class LiveSampler {
  private lastMs = performance.now();
  private lastCalls = 0;
  private lastEntries = 0;
  private lastErrors = 0;
  private readonly previous = new Map<OperationRecorder, Histogram>();
  private phase: 'warmup' | 'measured' = 'warmup';

  constructor(
    private readonly workload: WorkloadName,
    private readonly startMs: number,
    private readonly plannedSec: number,
  ) {}

  sample(
    phase: 'warmup' | 'measured',
    recorders: readonly OperationRecorder[],
    inFlight = 0,
  ): LiveSample {
    if (phase !== this.phase) {
      this.phase = phase;
      this.lastCalls = this.lastEntries = this.lastErrors = 0;
    }
    const now = performance.now();
    const seconds = Math.max(now - this.lastMs, 1) / 1000;
    let calls = 0;
    let entries = 0;
    let errors = 0;
    const interval = newRecordingHistogram();
    for (const rec of recorders) {
      calls += rec.calls;
      entries += rec.entries;
      errors += rec.errors;
      let prev = this.previous.get(rec);
      if (!prev) this.previous.set(rec, (prev = newRecordingHistogram()));
      interval.add(rec.latency);
      interval.subtract(prev);
      prev.reset();
      prev.add(rec.latency);
    }
    const sample: LiveSample = {
      workload: this.workload,
      phase,
      timestampMs: Date.now(),
      elapsedSec: (now - this.startMs) / 1000,
      plannedSec: this.plannedSec,
      throughputOpsPerSec: (calls - this.lastCalls) / seconds,
      throughputEntriesPerSec: (entries - this.lastEntries) / seconds,
      latencyP50Ms: interval.totalCount ? interval.getValueAtPercentile(50) / 1e6 : 0,
      latencyP99Ms: interval.totalCount ? interval.getValueAtPercentile(99) / 1e6 : 0,
      errorsPerSec: (errors - this.lastErrors) / seconds,
      calls,
      errors,
      inFlight,
    };
    releaseHistogram(interval);
    this.lastMs = now;
    this.lastCalls = calls;
    this.lastEntries = entries;
    this.lastErrors = errors;
    return sample;
  }

  close(): void {
    for (const h of this.previous.values()) releaseHistogram(h);
    this.previous.clear();
  }
}
