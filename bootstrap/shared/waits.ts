/**
 * The waits between nodes, all bounded: for other nodes to be `ready` (a `failed` one ends the
 * wait at once), and the start barrier of the test nodes.
 */
import { setTimeout as sleep } from 'node:timers/promises';

import type { NodeId, RunLayout } from '../../bed/s3-layout';
import { barrierArrivalSchema, type BarrierArrival, type NodeStatusObject } from '../../bed/status';
import { waitFor } from '../../common/wait';
import type { BedBucket } from './bucket';
import { BootstrapError } from './errors';
import { readStatuses } from './status';

/** Waits until every node of `nodes` reports `ready` (or later); fails at once if one failed. */
export async function waitForReady(
  bucket: BedBucket,
  run: RunLayout,
  nodes: readonly NodeId[],
  options: { timeoutMs: number; signal?: AbortSignal; what: string },
): Promise<void> {
  if (nodes.length === 0) return;
  const done = new Set(['ready', 'running', 'uploading', 'collecting', 'done']);
  let last: NodeStatusObject[] = [];
  try {
    await waitFor(
      async () => {
        last = (await readStatuses(bucket, run)).filter((s) => nodes.includes(s.node as NodeId));
        const failed = last.find((s) => s.phase === 'failed');
        if (failed) {
          throw new BootstrapError(
            `${failed.node} (${failed.address}) failed: ${failed.message}`,
            failed.logTail,
          );
        }
        return last.length === nodes.length && last.every((s) => done.has(s.phase));
      },
      {
        description: options.what,
        timeoutMs: options.timeoutMs,
        intervalMs: 500,
        maxIntervalMs: 2000,
        isFatal: (e) => e instanceof BootstrapError,
        ...(options.signal ? { signal: options.signal } : {}),
      },
    );
  } catch (error) {
    if (error instanceof BootstrapError) throw error;
    const waiting = nodes.filter((n) => !last.some((s) => s.node === n && done.has(s.phase)));
    const where = waiting
      .map((n) => {
        const s = last.find((x) => x.node === n);
        return s ? `${n} ${s.phase} (${s.message})` : `${n} (no status yet)`;
      })
      .join('; ');
    throw new BootstrapError(`${(error as Error).message}; not ready: ${where}`, [], {
      cause: error,
    });
  }
}

/**
 * The start barrier: each node writes its arrival and waits until all `nodes` arrived; then all
 * start at the same instant, the latest arrival plus `releaseDelayMs` (longer than the polling
 * interval, so every node has seen the last arrival by then). Returns when this node should start
 * and every arrival. Skew is then the clock skew between nodes plus timer jitter.
 */
export async function startBarrier(
  bucket: BedBucket,
  run: RunLayout,
  name: string,
  self: NodeId,
  nodes: readonly NodeId[],
  options: { timeoutMs: number; signal?: AbortSignal; releaseDelayMs?: number },
): Promise<{ startAtEpochMs: number; arrivals: BarrierArrival[] }> {
  const arrival: BarrierArrival = { version: 1, node: self, arrivedAtEpochMs: Date.now() };
  await bucket.putJson(run.barrier(name, self), arrival);
  const arrivals = await waitFor(
    async () => {
      const keys = await bucket.list(run.barrierPrefix(name));
      if (keys.length < nodes.length) return undefined;
      const all = await Promise.all(keys.map((k) => bucket.getJson(k)));
      return all.flatMap((a) => {
        const p = barrierArrivalSchema.safeParse(a);
        return p.success ? [p.data] : [];
      });
    },
    {
      description: `the test nodes at barrier ${name} (${nodes.join(', ')})`,
      timeoutMs: options.timeoutMs,
      intervalMs: 200,
      maxIntervalMs: 200,
      ...(options.signal ? { signal: options.signal } : {}),
    },
  );
  const startAtEpochMs =
    Math.max(...arrivals.map((a) => a.arrivedAtEpochMs)) + (options.releaseDelayMs ?? 1500);
  const wait = startAtEpochMs - Date.now();
  if (wait > 0) await sleep(wait, undefined, { signal: options.signal });
  return { startAtEpochMs, arrivals };
}
