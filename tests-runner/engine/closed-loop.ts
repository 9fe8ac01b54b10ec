import { setImmediate as yieldToEventLoop, setTimeout as sleep } from 'node:timers/promises';

import type { Lane } from './lane';
import type { LoopContext } from './loop-context';

/**
 * A lane gives the event loop a turn at least this often: a target that resolves at once (noop, a
 * cache hit) would otherwise keep the loop in microtasks, starving the progress ticker and Ctrl-C.
 */
const YIELD_EVERY_MS = 10;

/**
 * Closed loop (maximum throughput): every lane issues its next call as soon as the previous one
 * settled, so at most one call per lane is in flight. Latency is the call's own duration; a stall
 * of the target delays the next calls instead of showing in their latency (coordinated omission),
 * which is what the open loop corrects.
 */
export async function runClosedLoop(ctx: LoopContext, thinkTimeMs: number): Promise<void> {
  await Promise.all(ctx.lanes.map((lane) => closedLane(ctx, lane, thinkTimeMs)));
}

async function closedLane(ctx: LoopContext, lane: Lane, thinkTimeMs: number): Promise<void> {
  let nextYieldMs = 0;
  for (;;) {
    const t0 = performance.now();
    if (ctx.done(t0)) return;
    if (t0 >= nextYieldMs) {
      nextYieldMs = t0 + YIELD_EVERY_MS;
      await yieldToEventLoop();
      continue; // the clock moved on while others ran
    }
    await ctx.issue(lane, ctx.nextOp(), t0, t0);
    if (thinkTimeMs > 0) await sleep(thinkTimeMs);
  }
}
