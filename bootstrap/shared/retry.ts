/**
 * Bounded retries with exponential backoff and full jitter, for calls to S3 that may fail for a
 * while (a restarted S3 server, throttling, a network blip). Errors that cannot get better by
 * retrying (access denied, a missing bucket) fail at once.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** Options of {@link withRetries}. */
export interface RetryOptions {
  /** What is tried, for the final error ("put beds/x/runs/y/DONE"). */
  readonly description: string;
  /** @default 10 */
  readonly attempts?: number;
  /** @default 200 ms */
  readonly baseDelayMs?: number;
  /** @default 5000 ms */
  readonly maxDelayMs?: number;
  readonly signal?: AbortSignal;
  /** Called before each retry (for logs). */
  readonly onRetry?: (attempt: number, error: unknown) => void;
}

const PERMANENT = new Set([
  'AccessDenied',
  'NoSuchBucket',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'InvalidBucketName',
  'NoSuchKey',
  'NotFound',
]);

/** Whether an S3 SDK error can never succeed on retry. */
export function isPermanentS3Error(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name ?? '';
  const status = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata
    ?.httpStatusCode;
  return (
    PERMANENT.has(name) ||
    (status !== undefined && status >= 400 && status < 500 && status !== 429 && status !== 408)
  );
}

/** Runs `fn` up to `attempts` times; the last error is rethrown with the attempt count. */
export async function withRetries<T>(fn: () => Promise<T>, options: RetryOptions): Promise<T> {
  const attempts = options.attempts ?? 10;
  const base = options.baseDelayMs ?? 200;
  const max = options.maxDelayMs ?? 5000;
  for (let attempt = 1; ; attempt++) {
    options.signal?.throwIfAborted();
    try {
      return await fn();
    } catch (error) {
      if (isPermanentS3Error(error) || attempt >= attempts) {
        if (attempt > 1 && error instanceof Error) {
          error.message = `${options.description}: ${error.message} (after ${attempt} attempts)`;
        }
        throw error;
      }
      options.onRetry?.(attempt, error);
      const cap = Math.min(max, base * 2 ** (attempt - 1));
      await sleep(Math.random() * cap + base / 2, undefined, { signal: options.signal });
    }
  }
}
