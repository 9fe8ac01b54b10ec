import type { OperationType } from '../operations';
import type { FailureClass } from '../targets/target';
import type { Lane } from './lane';
import type { OperationRecorder } from './recorder';

type Recorders = Partial<Record<OperationType, OperationRecorder>>;

/** What the closed and open loops share while one workload runs. Times are `performance.now()` ms. */
export class LoopContext {
  /** Calls issued and not settled yet. */
  inFlight = 0;
  /** Set once the workload's results are taken: calls settling later are not counted. */
  closed = false;
  private readonly single: OperationType | undefined;

  constructor(
    readonly startMs: number,
    readonly warmupEndMs: number,
    readonly endMs: number,
    readonly signal: AbortSignal,
    readonly lanes: readonly Lane[],
    private readonly ops: readonly OperationType[],
    private readonly readRatio: number,
    private readonly warm: Recorders,
    private readonly measured: Recorders,
    private readonly classifyError: (error: unknown) => FailureClass,
  ) {
    this.single = ops.length === 1 ? ops[0] : undefined;
  }

  /** The operation of the next call (MIXED draws read or write by the read ratio). */
  nextOp(): OperationType {
    return this.single ?? (Math.random() < this.readRatio ? 'read' : 'write');
  }

  /** A call belongs to the phase in which it was meant to start. */
  recorder(op: OperationType, intendedMs: number): OperationRecorder | undefined {
    return intendedMs < this.warmupEndMs ? this.warm[op] : this.measured[op];
  }

  /** Runs one call on `lane` and accounts for it. Never rejects. */
  async issue(lane: Lane, op: OperationType, intendedMs: number, sentMs: number): Promise<void> {
    const rec = this.recorder(op, intendedMs);
    if (rec === undefined) throw new Error(`bug: no recorder for ${op}`);
    this.inFlight++;
    try {
      const entries = await lane.call(op, rec);
      if (!this.closed) rec.success(intendedMs, sentMs, performance.now(), entries);
    } catch (error) {
      if (!this.closed) {
        const c = this.classifyError(error);
        if (typeof c === 'string') rec.failure(c, performance.now(), lane.entriesOf(op));
        else rec.failure(c.kind, performance.now(), lane.entriesOf(op), c.itemsByKind);
      }
    } finally {
      this.inFlight--;
    }
  }

  /** True once no new call may start at `t`. */
  done(t: number): boolean {
    return t >= this.endMs || this.signal.aborted;
  }

  /** The first operation type, to which calls abandoned by a drain timeout are charged. */
  get firstOp(): OperationType {
    return this.ops[0] ?? 'write';
  }
}
