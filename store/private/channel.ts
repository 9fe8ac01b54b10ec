/**
 * A bounded hand-off between producers (page readers) and one consumer (an async iterator):
 * `put` waits while `capacity` batches are queued, so memory stays bounded by what is in flight.
 */
export class BoundedChannel<T> {
  private readonly queue: T[] = [];
  private readonly waitingPut: (() => void)[] = [];
  private waitingTake: (() => void) | undefined;
  private failure: Error | undefined;
  private closedByConsumer = false;
  private producers: number;

  constructor(
    private readonly capacity: number,
    producers: number,
  ) {
    this.producers = producers;
  }

  /** Resolves false when the consumer has gone away (stop producing). */
  async put(item: T): Promise<boolean> {
    while (
      this.queue.length >= this.capacity &&
      !this.closedByConsumer &&
      this.failure === undefined
    ) {
      await new Promise<void>((resolve) => this.waitingPut.push(resolve));
    }
    if (this.closedByConsumer || this.failure !== undefined) return false;
    this.queue.push(item);
    this.wakeTake();
    return true;
  }

  /** A producer is done. */
  producerDone(): void {
    this.producers--;
    this.wakeTake();
  }

  /** A producer failed: the consumer sees the error next. */
  fail(error: unknown): void {
    this.failure ??= error instanceof Error ? error : new Error(String(error));
    this.wakeTake();
    this.wakeAllPuts();
  }

  /** The consumer stopped early: producers stop at their next put. */
  close(): void {
    this.closedByConsumer = true;
    this.wakeAllPuts();
  }

  get stopped(): boolean {
    return this.closedByConsumer || this.failure !== undefined;
  }

  /** The next item, or undefined when every producer is done. */
  async take(): Promise<T | undefined> {
    for (;;) {
      if (this.failure !== undefined) throw this.failure;
      const item = this.queue.shift();
      if (item !== undefined) {
        this.waitingPut.shift()?.();
        return item;
      }
      if (this.producers <= 0) return undefined;
      await new Promise<void>((resolve) => (this.waitingTake = resolve));
    }
  }

  private wakeTake(): void {
    const wake = this.waitingTake;
    this.waitingTake = undefined;
    wake?.();
  }

  private wakeAllPuts(): void {
    for (const wake of this.waitingPut.splice(0)) wake();
  }
}
