import { setTimeout as sleep } from 'node:timers/promises';

import { loadTestConfigSchema } from '../../tests-runner/config/schema';
import { runLoadTest } from '../../tests-runner/engine/run';
import type { OperationStats } from '../../tests-runner/results/schema';
import { createNoopTarget } from '../../tests-runner/targets/noop-target';
import type { TargetDefinition } from '../../tests-runner/targets/target';

const STALL_MS = 300;

/** Resolves every write at once, except one: the first write issued 500 ms in stalls for STALL_MS. */
function stallingTarget(): TargetDefinition {
  return {
    summary: 'stalls once',
    create() {
      const noop = createNoopTarget();
      let stallAt = Infinity;
      return {
        ...noop,
        setUp() {
          stallAt = performance.now() + 500;
          return Promise.resolve();
        },
        write() {
          if (performance.now() < stallAt) return Promise.resolve();
          stallAt = Infinity;
          return sleep(STALL_MS);
        },
      };
    },
  };
}

async function writeStats(settings: { rateOpsPerSec?: number }): Promise<OperationStats> {
  const config = loadTestConfigSchema.parse({
    target: 'noop',
    workloads: ['WRITE'],
    warmupSeconds: 0,
    durationSeconds: 2,
    concurrency: 1,
    ...settings,
  });
  const result = await runLoadTest(config, { target: stallingTarget() });
  const write = result.workloads[0]?.measured.operations.write;
  if (!write) throw new Error('no write statistics');
  return write;
}

describe('a target that stalls once for a known time', () => {
  it('shows the stall in the open-loop percentiles (latency from the intended start)', async () => {
    const open = await writeStats({ rateOpsPerSec: 2000 });
    // During the stall ~600 calls fall due; each waits for the one lane until it ends, so their
    // latencies spread from STALL_MS down to 0: ~15% of all calls are late, the slowest 1% by more
    // than half the stall.
    expect(open.latency.maxMs).toBeGreaterThanOrEqual(STALL_MS - 5);
    expect(open.latency.p99Ms).toBeGreaterThanOrEqual(STALL_MS / 2);
    expect(open.latency.p90Ms).toBeGreaterThanOrEqual(STALL_MS / 10);
    // The service time (from the actual send) is what a closed loop sees: one slow call, hidden.
    expect(open.serviceTime?.maxMs).toBeGreaterThanOrEqual(STALL_MS - 5);
    expect(open.serviceTime?.p99Ms).toBeLessThan(STALL_MS / 2);
  });

  it('hides the stall in the closed-loop percentiles (coordinated omission)', async () => {
    const closed = await writeStats({});
    expect(closed.latency.maxMs).toBeGreaterThanOrEqual(STALL_MS - 5);
    expect(closed.latency.p99Ms).toBeLessThan(STALL_MS / 2);
    expect(closed.latency.p999Ms).toBeLessThan(STALL_MS / 2);
    expect(closed.serviceTime).toBeUndefined();
  });
});
