import { TestbedError } from '../../common/errors';
import { StoreTransaction, type DataSource } from '../../store';

/** A transaction-level refusal: unknown or ended xid, rollback-only, mismatch on commit. */
export class TransactionError extends TestbedError {}

/** Too many transactions are open. */
export class OverloadedError extends TestbedError {}

interface OpenTransaction {
  readonly tx: StoreTransaction;
  readonly opened: number;
  /** Set when a write failed: the transaction may only roll back. */
  failure?: string;
}

/** Options of {@link TransactionRegistry}. */
export interface TransactionRegistryOptions {
  readonly maxOpen: number;
  readonly timeoutMs: number;
  readonly log: (line: string) => void;
}

/** How many ended transaction ids are remembered to refuse late calls. */
const ENDED_MEMORY = 10_000;

/**
 * The sidecar's open transactions by Ignite transaction id: one {@link StoreTransaction} per xid
 * across the caches of the data source, committed or discarded when the bridge ends it. Bounded in
 * number; transactions whose end never comes (their node died) are discarded after a timeout.
 */
export class TransactionRegistry {
  private readonly open = new Map<string, OpenTransaction>();
  /** Recently ended xids and how they ended, oldest first. */
  private readonly ended = new Map<string, string>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly options: TransactionRegistryOptions,
  ) {
    this.sweeper = setInterval(
      () => {
        this.expire(Date.now());
      },
      Math.max(1000, options.timeoutMs / 4),
    );
    this.sweeper.unref();
  }

  get size(): number {
    return this.open.size;
  }

  /** The transaction to buffer a write of `xid` in (opened on first use). */
  forWrite(xid: string): StoreTransaction {
    const ended = this.ended.get(xid);
    if (ended)
      throw new TransactionError(`transaction ${xid} already ${ended}; a late write is refused`);
    let entry = this.open.get(xid);
    if (!entry) {
      if (this.open.size >= this.options.maxOpen) {
        throw new OverloadedError(
          `${this.open.size} transactions are open, the limit (maxOpenTransactions); transaction ${xid} is refused`,
        );
      }
      entry = { tx: new StoreTransaction(this.dataSource), opened: Date.now() };
      this.open.set(xid, entry);
    }
    if (entry.failure)
      throw new TransactionError(`transaction ${xid} is rollback-only: ${entry.failure}`);
    return entry.tx;
  }

  /** A write of the transaction failed: it may only roll back now. */
  fail(xid: string, reason: string): void {
    const entry = this.open.get(xid);
    if (entry) entry.failure ??= reason;
  }

  /**
   * Commits (all buffered mutations as one LOGGED batch) or discards a transaction. `expected` is
   * the number of mutations the bridge sent; a commit of anything else is refused and rolled back.
   *
   * @returns the mutations applied
   */
  async end(xid: string, commit: boolean, expected: number): Promise<number> {
    const entry = this.open.get(xid);
    if (!entry) {
      if (!commit || expected === 0) return 0;
      const ended = this.ended.get(xid);
      throw new TransactionError(
        `commit of transaction ${xid}: the bridge sent ${expected} mutations but the sidecar holds none (${ended ? `the transaction ${ended}` : 'unknown here: the sidecar restarted during it'}); nothing was committed`,
      );
    }
    this.open.delete(xid);
    if (!commit) {
      entry.tx.rollback();
      this.remember(xid, 'rolled back');
      return 0;
    }
    const size = entry.tx.size;
    if (entry.failure || size !== expected) {
      entry.tx.rollback();
      this.remember(xid, 'rolled back');
      throw new TransactionError(
        entry.failure
          ? `commit of transaction ${xid} refused: a write failed earlier (${entry.failure}); nothing was committed`
          : `commit of transaction ${xid} refused: the bridge sent ${expected} mutations, the sidecar holds ${size}; nothing was committed`,
      );
    }
    try {
      await entry.tx.commit();
      this.remember(xid, 'committed');
      return size;
    } catch (error) {
      this.remember(xid, 'failed to commit');
      throw error;
    }
  }

  /** Discards every open transaction (shutdown: their end will never be served). */
  abortAll(reason: string): number {
    const n = this.open.size;
    for (const [xid, entry] of this.open) {
      entry.tx.rollback();
      this.remember(xid, `discarded (${reason})`);
    }
    this.open.clear();
    return n;
  }

  /** Discards transactions older than the timeout. */
  expire(now: number): void {
    for (const [xid, entry] of this.open) {
      if (now - entry.opened < this.options.timeoutMs) continue;
      this.open.delete(xid);
      const size = entry.tx.size;
      entry.tx.rollback();
      this.remember(xid, 'expired');
      this.options.log(
        `transaction ${xid} expired after ${this.options.timeoutMs} ms without commit or rollback; its ${size} buffered mutations were discarded`,
      );
    }
  }

  close(): void {
    clearInterval(this.sweeper);
  }

  private remember(xid: string, how: string): void {
    this.ended.set(xid, how);
    if (this.ended.size > ENDED_MEMORY) {
      const oldest = this.ended.keys().next().value;
      if (oldest !== undefined) this.ended.delete(oldest);
    }
  }
}
