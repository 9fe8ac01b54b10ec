import { setTimeout as sleep } from 'node:timers/promises';

import { TestbedError } from './errors';

/** Options of {@link waitFor}. */
export interface WaitOptions {
  /** What is awaited, for the timeout message ("Cassandra node 1 to accept CQL"). */
  readonly description: string;
  /** Give up after this long. */
  readonly timeoutMs: number;
  /** First pause between attempts; doubles up to {@link WaitOptions.maxIntervalMs}. @default 100 */
  readonly intervalMs?: number;
  /** @default 2000 */
  readonly maxIntervalMs?: number;
  /** Aborts the wait early (Ctrl-C). */
  readonly signal?: AbortSignal;
  /** Errors for which waiting longer cannot help (a process that exited): rethrown at once. */
  readonly isFatal?: (error: unknown) => boolean;
}

/** Raised by {@link waitFor} when the deadline passes. */
export class WaitTimeoutError extends TestbedError {
  constructor(
    description: string,
    timeoutMs: number,
    readonly lastError: unknown,
  ) {
    const last = lastError instanceof Error ? ` (last attempt: ${lastError.message})` : '';
    super(`Timed out after ${(timeoutMs / 1000).toFixed(0)} s waiting for ${description}${last}`);
  }
}

/**
 * Polls `attempt` with exponential backoff until it returns a value other than `undefined` or
 * `false`, and returns that value. Errors thrown by `attempt` count as "not yet"; the last one is
 * reported when the deadline passes. Every wait in the project is bounded through this function.
 */
export async function waitFor<T>(
  attempt: () => Promise<T | undefined | false> | T | undefined | false,
  options: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let interval = options.intervalMs ?? 100;
  let lastError: unknown;
  for (;;) {
    options.signal?.throwIfAborted();
    try {
      const result = await attempt();
      if (result !== undefined && result !== false) return result;
      lastError = undefined;
    } catch (error) {
      options.signal?.throwIfAborted();
      if (options.isFatal?.(error)) throw error;
      lastError = error;
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0)
      throw new WaitTimeoutError(options.description, options.timeoutMs, lastError);
    await sleep(Math.min(interval, remaining), undefined, { signal: options.signal });
    interval = Math.min(interval * 2, options.maxIntervalMs ?? 2000);
  }
}

/** Rejects with a {@link TestbedError} if `promise` does not settle within `timeoutMs`. */
export async function withTimeout<T>(
  promise: Promise<T>,
  timeoutMs: number,
  description: string,
): Promise<T> {
  const controller = new AbortController();
  const timer = sleep(timeoutMs, undefined, { signal: controller.signal }).then(() => {
    throw new TestbedError(`Timed out after ${(timeoutMs / 1000).toFixed(0)} s: ${description}`);
  });
  try {
    return await Promise.race([promise, timer]);
  } finally {
    controller.abort();
    timer.catch(() => undefined);
  }
}
