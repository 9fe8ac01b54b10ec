/**
 * Deadlines for calls of a client that has none of its own (apache-ignite-client 1.0.0 waits for a
 * response forever). One timer per tracker, not per call: a call costs a Set insert and delete, and
 * a late call fails within `timeoutMs` plus one tick.
 */
export class CallTimeoutError extends Error {
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
  ) {
    super(`${what}: no answer within ${timeoutMs} ms`);
    this.name = 'CallTimeoutError';
  }
}

interface Pending {
  readonly deadline: number;
  readonly what: string;
  readonly reject: (error: Error) => void;
}

export class DeadlineTracker {
  private readonly pending = new Set<Pending>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly timeoutMs: number) {}

  /** `call`'s outcome, or a {@link CallTimeoutError} once `timeoutMs` has passed. */
  run<T>(what: string, call: Promise<T>): Promise<T> {
    this.timer ??= setInterval(
      () => {
        this.expire();
      },
      Math.min(1000, this.timeoutMs),
    ).unref();
    return new Promise<T>((resolve, reject) => {
      const entry: Pending = { deadline: Date.now() + this.timeoutMs, what, reject };
      this.pending.add(entry);
      call.then(
        (value) => {
          this.pending.delete(entry);
          resolve(value);
        },
        (error: unknown) => {
          this.pending.delete(entry);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  /** Stops the timer; calls still pending fail now. */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (const entry of this.pending) entry.reject(new Error(`${entry.what}: the client closed`));
    this.pending.clear();
  }

  private expire(): void {
    const now = Date.now();
    for (const entry of this.pending) {
      if (entry.deadline > now) continue;
      this.pending.delete(entry);
      entry.reject(new CallTimeoutError(entry.what, this.timeoutMs));
    }
  }
}
