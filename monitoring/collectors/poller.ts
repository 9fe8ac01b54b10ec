/**
 * A periodic metric collector: polls a source every interval (never two polls at once, each poll
 * bounded by a timeout) and publishes what it returns through a gmetric sender. A failing source
 * is counted and reported once; the collector keeps polling, so a source that comes back shows up
 * again on the dashboard.
 */
import { errorMessage } from '../../common/errors';
import type { GmetricSender, GmetricValue } from '../gmetric/sender';

/** Options of {@link startPoller}. */
export interface PollerOptions {
  /** What is polled, for the log line ("cassandra-0 virtual tables"). */
  readonly name: string;
  readonly sender: GmetricSender;
  /** One poll: the metrics to publish now. */
  readonly poll: () => Promise<readonly GmetricValue[]>;
  /** @default 5000 */
  readonly intervalMs?: number;
  /** A poll taking longer is abandoned (counted as failed). @default intervalMs */
  readonly timeoutMs?: number;
  /** Told once about the first failure, and when polling works again. */
  readonly log?: (line: string) => void;
}

/** A running poller. */
export interface Poller {
  readonly stats: { readonly polls: number; readonly failures: number };
  /** Stops polling; resolves when a poll in progress has ended or timed out. */
  stop(): Promise<void>;
}

/** Starts polling at once, then every interval. */
export function startPoller(options: PollerOptions): Poller {
  const intervalMs = options.intervalMs ?? 5_000;
  const timeoutMs = options.timeoutMs ?? intervalMs;
  const stats = { polls: 0, failures: 0 };
  let failing = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();

  const once = async (): Promise<void> => {
    stats.polls++;
    let timeout: NodeJS.Timeout | undefined;
    try {
      const metrics = await Promise.race([
        options.poll(),
        new Promise<never>((_, reject) => {
          timeout = setTimeout(() => {
            reject(new Error(`no answer within ${timeoutMs} ms`));
          }, timeoutMs);
        }),
      ]);
      options.sender.publish(metrics);
      if (failing) options.log?.(`${options.name}: polling works again`);
      failing = false;
    } catch (error) {
      stats.failures++;
      if (!failing)
        options.log?.(
          `${options.name}: poll failed (${errorMessage(error)}); retrying every ${intervalMs} ms`,
        );
      failing = true;
    } finally {
      clearTimeout(timeout);
    }
  };
  const loop = (): void => {
    if (stopped) return;
    current = once().finally(() => {
      if (!stopped) timer = setTimeout(loop, intervalMs);
    });
  };
  loop();
  return {
    stats,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
