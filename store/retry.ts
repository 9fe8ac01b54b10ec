/** What to do after an attempt failed with a transient error. */
export interface RetryDecision {
  readonly retry: boolean;
  /** Pause before the next attempt. */
  readonly delayMs: number;
}

/**
 * Decides whether a transiently failed statement is tried again, and after how long. A pure
 * decision object: no I/O, no state; the store does the waiting. Statements the store runs are
 * idempotent (inserts and deletes of fixed values), so retrying them is safe.
 */
export interface RetryPolicy {
  /**
   * @param attempt how many attempts have failed so far (1 after the first)
   * @param kind the error kind (`write-timeout`, `unavailable`, `no-host`, …)
   */
  decide(attempt: number, kind: string): RetryDecision;
}

/** Options of {@link exponentialBackoff}. */
export interface ExponentialBackoffOptions {
  /** Attempts in all, the first included. @default 6 */
  readonly maxAttempts?: number;
  /** Delay cap before the first retry. @default 50 */
  readonly baseDelayMs?: number;
  /** Delay cap. @default 2000 */
  readonly maxDelayMs?: number;
  /** Source of randomness in [0, 1) (injectable for tests). @default Math.random */
  readonly random?: () => number;
}

/**
 * Exponential backoff with full jitter: the n-th retry waits a random time in
 * [0, min(maxDelayMs, baseDelayMs × 2^(n-1))], which spreads many clients' retries out instead of
 * synchronising them. A fresh instance per call site; the default store policy.
 */
export function exponentialBackoff(options: ExponentialBackoffOptions = {}): RetryPolicy {
  const maxAttempts = options.maxAttempts ?? 6;
  const base = options.baseDelayMs ?? 50;
  const cap = options.maxDelayMs ?? 2000;
  const random = options.random ?? Math.random;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1)
    throw new RangeError(`maxAttempts must be an integer ≥ 1, got ${maxAttempts}`);
  return {
    decide(attempt) {
      if (attempt >= maxAttempts) return { retry: false, delayMs: 0 };
      const ceiling = Math.min(cap, base * 2 ** (attempt - 1));
      return { retry: true, delayMs: Math.round(random() * ceiling) };
    },
  };
}

/** Never retries: failures surface at once (for callers that retry themselves, like the Ignite bridge). */
export function noRetry(): RetryPolicy {
  return { decide: () => ({ retry: false, delayMs: 0 }) };
}
