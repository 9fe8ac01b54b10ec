import { setImmediate as yieldToEventLoop, setTimeout as sleep } from 'node:timers/promises';

import type { LoopContext } from './loop-context';

/**
 * Open loop at a fixed rate: call i is due at `start + i / rate`, whatever happened to earlier
 * calls, and its latency is measured from that intended time (coordinated omission corrected, as
 * wrk2 does). Calls in flight are bounded by the lanes (the window); when the window is full the
 * next call waits for a free lane, and that wait counts in its latency. The service time (from the
 * actual send) is recorded beside it.
 */
export async function runOpenLoop(ctx: LoopContext, rateOpsPerSec: number): Promise<void> {
  const intervalMs = 1000 / rateOpsPerSec;
  const free = [...ctx.lanes].reverse();
  let wake: (() => void) | undefined;
  const running = new Set<Promise<void>>();
  for (let i = 0; ; i++) {
    const intendedMs = ctx.startMs + i * intervalMs;
    if (intendedMs >= ctx.endMs || ctx.signal.aborted) break;
    let now = performance.now();
    // Timers have millisecond granularity: sleep when the next call is far, else yield until due.
    while (intendedMs > now) {
      if (intendedMs - now >= 1) await sleep(intendedMs - now);
      else await yieldToEventLoop();
      now = performance.now();
    }
    let lane = free.pop();
    while (lane === undefined) {
      await new Promise<void>((resolve) => (wake = resolve));
      lane = free.pop();
    }
    const taken = lane;
    const call = ctx.issue(taken, ctx.nextOp(), intendedMs, performance.now()).finally(() => {
      free.push(taken);
      running.delete(call);
      const w = wake;
      wake = undefined;
      w?.();
    });
    running.add(call);
    // Behind schedule, calls are due back to back: let completions and timers in now and then.
    if ((i & 1023) === 1023) await yieldToEventLoop();
  }
  await Promise.all(running);
}
