/**
 * Runs one workload: warm-up then measured phase, closed or open loop, with a live sample each
 * second, and returns its results. Calls are attributed to the phase in which they were meant to
 * start; the warm-up is reported apart and never mixed into the measured figures.
 */
import type { FailureClass } from '../targets/target';
import type { LoadTestConfig } from '../config/schema';
import type { KeyGenerator } from '../generators/keys';
import type { ValueGenerator } from '../generators/values';
import { workloadOperations, type OperationType, type WorkloadName } from '../operations';
import { decodeHistogram, newLatencyHistogram, summarizeHistogram } from '../results/histogram';
import type { NodePhase, OperationStats, PhaseResult, WorkloadResult } from '../results/schema';
import type { Target } from '../targets/target';
import { runClosedLoop } from './closed-loop';
import { Lane } from './lane';
import { LiveSampler, type LiveSample } from './live';
import { LoopContext } from './loop-context';
import { runOpenLoop } from './open-loop';
import { initRecording, OperationRecorder, PhaseClock } from './recorder';
import { UsageMeter } from './usage';

export interface WorkloadSpec {
  readonly name: WorkloadName;
  readonly config: LoadTestConfig;
  readonly target: Target;
  readonly keys: KeyGenerator;
  readonly values: ValueGenerator;
  readonly signal: AbortSignal;
  readonly classifyError: (error: unknown) => FailureClass;
  readonly onSample?: (sample: LiveSample) => void;
  /** Called with a function that counts target retries into the phase running now. */
  readonly onRetryCounter?: (count: ((op: OperationType, n: number) => void) | undefined) => void;
}

/** How long calls still in flight at the end may take before they are given up (counted as errors). */
function drainTimeoutMs(config: LoadTestConfig): number {
  return config.cassandra.requestTimeoutMs + 10_000;
}

class Phase {
  readonly clock: PhaseClock;
  readonly recorders: Partial<Record<OperationType, OperationRecorder>> = {};
  usage: UsageMeter | undefined;
  endMs = 0;

  constructor(
    readonly startMs: number,
    plannedMs: number,
    ops: readonly OperationType[],
    openLoop: boolean,
  ) {
    this.clock = new PhaseClock(startMs);
    for (const op of ops)
      this.recorders[op] = new OperationRecorder(this.clock, plannedMs / 1000, openLoop);
  }

  list(): OperationRecorder[] {
    return Object.values(this.recorders);
  }

  finish(nodeIndex: number): PhaseResult {
    const durationMs = Math.max(0, this.endMs - this.startMs);
    const usage = (this.usage ?? new UsageMeter()).finish(durationMs);
    const operations: PhaseResult['operations'] = {};
    for (const [op, rec] of Object.entries(this.recorders) as [
      OperationType,
      OperationRecorder,
    ][]) {
      operations[op] = rec.finish(durationMs, this.endMs);
    }
    const stats: OperationStats[] = Object.values(operations);
    const all = newLatencyHistogram();
    for (const s of stats) all.add(decodeHistogram(s.latencyHistogram));
    const latency = summarizeHistogram(all);
    const sum = (f: (s: OperationStats) => number): number => stats.reduce((a, s) => a + f(s), 0);
    const node: NodePhase = {
      node: nodeIndex,
      startedAtEpochMs: this.clock.epochMs(this.startMs),
      durationMs,
      calls: sum((s) => s.calls),
      entries: sum((s) => s.entries),
      errors: sum((s) => s.errors),
      throughputOpsPerSec: sum((s) => s.throughputOpsPerSec),
      throughputEntriesPerSec: sum((s) => s.throughputEntriesPerSec),
      latencyP50Ms: latency.p50Ms,
      latencyP99Ms: latency.p99Ms,
      ...usage,
    };
    return {
      startedAtEpochMs: node.startedAtEpochMs,
      endedAtEpochMs: this.clock.epochMs(this.endMs),
      durationMs,
      operations,
      nodes: [node],
    };
  }
}

/**
 * Waits for the loop; once the planned end has passed (or Ctrl-C came), waits at most `drainMs`
 * more for calls in flight. Resolves false when they did not settle in time.
 */
async function settlesInTime(
  loop: Promise<void>,
  endMs: number,
  signal: AbortSignal,
  drainMs: number,
): Promise<boolean> {
  let armTimer: NodeJS.Timeout | undefined;
  let drainTimer: NodeJS.Timeout | undefined;
  let arm: (() => void) | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    arm = () => {
      clearTimeout(armTimer);
      drainTimer ??= setTimeout(() => {
        resolve(false);
      }, drainMs);
    };
    armTimer = setTimeout(arm, Math.max(0, endMs - performance.now()));
    signal.addEventListener('abort', arm, { once: true });
  });
  try {
    return await Promise.race([loop.then(() => true), timedOut]);
  } finally {
    clearTimeout(armTimer);
    clearTimeout(drainTimer);
    if (arm) signal.removeEventListener('abort', arm);
  }
}

export async function runWorkload(spec: WorkloadSpec): Promise<WorkloadResult> {
  const { config, name } = spec;
  const ops = workloadOperations(name);
  const openLoop = config.rateOpsPerSec !== undefined;
  const warmupMs = config.warmupSeconds * 1000;
  const measuredMs = config.durationSeconds * 1000;
  const lanes = Array.from(
    { length: config.concurrency },
    (_, i) => new Lane(spec.target, config, spec.keys, spec.values, i),
  );

  initRecording();
  const startMs = performance.now();
  const warm = new Phase(startMs, warmupMs, ops, openLoop);
  const measured = new Phase(startMs + warmupMs, measuredMs, ops, openLoop);
  warm.usage = new UsageMeter();
  const ctx = new LoopContext(
    startMs,
    measured.startMs,
    measured.startMs + measuredMs,
    spec.signal,
    lanes,
    ops,
    config.readRatio,
    warm.recorders,
    measured.recorders,
    spec.classifyError,
  );
  spec.onRetryCounter?.((op, n) => {
    const rec = ctx.recorder(op, performance.now());
    // An operation type this workload does not issue has no recorder: nothing to attribute.
    if (rec) rec.retries += n;
  });

  const live = new LiveSampler(name, startMs, (warmupMs + measuredMs) / 1000);
  let inMeasured = false;
  // The boundary itself is exact (calls are attributed by their intended start); the timer only
  // switches the CPU and memory meters, a few milliseconds late at worst.
  const enterMeasured = (): void => {
    if (inMeasured) return;
    inMeasured = true;
    warm.usage?.stop();
    measured.usage = new UsageMeter();
  };
  let abortedAtMs = Infinity;
  const onAbort = (): void => {
    abortedAtMs = performance.now();
  };
  spec.signal.addEventListener('abort', onAbort, { once: true });
  const phaseTimer = warmupMs > 0 ? setTimeout(enterMeasured, warmupMs) : undefined;
  if (!phaseTimer) enterMeasured();
  const ticker = setInterval(() => {
    const phase = inMeasured ? measured : warm;
    phase.usage?.sample();
    spec.onSample?.(live.sample(inMeasured ? 'measured' : 'warmup', phase.list(), ctx.inFlight));
  }, 1000);

  let abandoned = 0;
  try {
    const rate = config.rateOpsPerSec;
    const loop = rate ? runOpenLoop(ctx, rate) : runClosedLoop(ctx, config.thinkTimeMs);
    const drained = await settlesInTime(loop, ctx.endMs, spec.signal, drainTimeoutMs(config));
    if (!drained) abandoned = ctx.inFlight;
  } finally {
    clearTimeout(phaseTimer);
    clearInterval(ticker);
    spec.signal.removeEventListener('abort', onAbort);
    live.close();
  }
  enterMeasured();
  measured.usage?.stop();
  // Phases span the time calls were issued in; Ctrl-C cuts them short (a warm-up cut short leaves
  // an empty measured phase).
  warm.endMs = Math.min(measured.startMs, abortedAtMs);
  measured.endMs = Math.max(measured.startMs, Math.min(ctx.endMs, abortedAtMs));
  ctx.closed = true;
  spec.onRetryCounter?.(undefined);
  if (abandoned > 0) {
    const rec = measured.recorders[ctx.firstOp];
    for (let i = 0; i < abandoned; i++) rec?.failure('abandoned-in-flight', measured.endMs, 0);
  }
  const interrupted = abortedAtMs !== Infinity;
  return {
    name,
    status: interrupted ? 'interrupted' : 'completed',
    mode: openLoop ? 'open' : 'closed',
    concurrency: config.concurrency,
    bulkSize: config.bulkSize,
    ...(openLoop ? { rateOpsPerSec: config.rateOpsPerSec } : {}),
    ...(name === 'MIXED' ? { readRatio: config.readRatio } : {}),
    warmup: warm.finish(config.node.index),
    measured: measured.finish(config.node.index),
  };
}
