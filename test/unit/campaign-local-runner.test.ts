import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { servicesKey } from '../../bed';
import { RunLayout } from '../../bed/s3-layout';
import type { RunOutcome } from '../../bed/status';
import { bedRunMetrics } from '../../campaigns/bed-run-metrics';
import { readRuns } from '../../campaigns/history/history';
import { directoryStore } from '../../campaigns/history/store';
import { runCampaignNight, runOrder } from '../../campaigns/runner';
import { loadCampaignSpec, type CampaignCell } from '../../campaigns/spec/load-spec';
import type { LoadTestResult } from '../../tests-runner/results/schema';
import { nodeResult } from '../support/load-test-fixtures';

const EXAMPLE = path.join(__dirname, '../../examples/campaigns/nightly-local.yaml');

const cell = (name: string): CampaignCell => ({ name }) as CampaignCell;

describe('local campaign runs', () => {
  it('runs groups one after the other, repetition-major inside each group', () => {
    const cells = ['a', 'b', 'c'].map(cell);
    const order = runOrder(cells, 2, (c) => (c.name === 'b' ? 'other' : 'same'));
    expect(order.map((o) => `${o.cell.name}${o.repetition}`)).toEqual([
      'a0',
      'c0',
      'a1',
      'c1',
      'b0',
      'b1',
    ]);
    expect(runOrder(cells, 1).map((o) => o.cell.name)).toEqual(['a', 'b', 'c']);
  });

  it('cells whose overrides touch only the load tests share services; a services change does not', () => {
    const c = loadCampaignSpec(EXAMPLE);
    expect(new Set(c.cells.map((x) => servicesKey(x.bed.spec))).size).toBe(1);
    const first = c.cells[0]!.bed.spec;
    expect(servicesKey({ ...first, ignite: { ...first.ignite, heapMiB: 1024 } })).not.toBe(
      servicesKey(first),
    );
    expect(
      servicesKey({
        ...first,
        timeouts: { ...first.timeouts, runSeconds: 99 },
        tests: { ...first.tests, heapMiB: 64 },
      }),
    ).toBe(servicesKey(first));
  });

  it('a night cut short records the interrupted run invalid and is not judged', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'campaign-abort-'));
    const store = directoryStore(dir);
    const controller = new AbortController();
    let calls = 0;
    const night = runCampaignNight({
      campaign: loadCampaignSpec(EXAMPLE),
      store,
      environment: { gitCommit: 'abc', versions: {}, where: 'local' },
      signal: controller.signal,
      runCell: ({ signal }) => {
        if (++calls === 1) return Promise.resolve({ valid: true, metrics: { m: 1 } });
        controller.abort(new Error('interrupted (Ctrl-C)'));
        return Promise.reject(signal.reason as Error);
      },
    });
    await expect(night).rejects.toThrow('interrupted (Ctrl-C)');
    const runs = await readRuns(store, 'nightly-local');
    expect(runs.map((r) => [r.valid, r.invalidReason])).toEqual([
      [true, undefined],
      [false, 'interrupted (Ctrl-C)'],
    ]);
    expect(existsSync(path.join(dir, 'nightly-local', 'nights'))).toBe(false);
  });

  describe('bedRunMetrics', () => {
    const run = new RunLayout('beds/b/runs/r1');
    const done: RunOutcome = {
      version: 1,
      outcome: 'DONE',
      runId: 'r1',
      at: new Date(0).toISOString(),
      reason: 'ok',
      logTail: [],
      missingNodes: [],
      reports: {},
    };
    const write = (node: number): LoadTestResult =>
      nodeResult(node, [
        {
          name: 'WRITE',
          ops: {
            write: { latenciesNs: [1_000_000, 2_000_000], startEpochSec: 0, callsPerSec: [100] },
          },
        },
      ]);
    const reader = (objects: Record<string, unknown>) => ({
      getJson: (key: string) => Promise.resolve(objects[key]),
    });

    it('merges the test nodes’ results of each load test into the gated figures', async () => {
      const objects = { [run.result('store', 0)]: write(0), [run.result('store', 1)]: write(1) };
      const out = await bedRunMetrics(reader(objects), run, done, {
        loadTests: ['store'],
        testNodes: 2,
      });
      if (!out.valid) throw new Error(out.reason);
      const one = write(0).workloads[0]!.measured.operations.write!.throughputOpsPerSec;
      expect(out.metrics['store/WRITE/throughputOpsPerSec']).toBeCloseTo(2 * one, 9);
      expect(out.metrics['store/WRITE/latencyP99Ms']).toBeCloseTo(2, 1);
    });

    it('a failed, partial or unfinished run is invalid, with the reason', async () => {
      const failed = await bedRunMetrics(
        reader({}),
        run,
        { ...done, outcome: 'FAILED', reason: 'cassandra-0 lost' },
        { loadTests: ['store'], testNodes: 1 },
      );
      expect(failed).toEqual({ valid: false, reason: 'bed run FAILED: cassandra-0 lost' });
      const partial = await bedRunMetrics(
        reader({}),
        run,
        { ...done, missingNodes: ['tests-1'] },
        { loadTests: ['store'], testNodes: 2 },
      );
      expect(partial).toEqual({ valid: false, reason: 'partial run: no results from tests-1' });
      const result = write(0);
      const failedWorkload = {
        ...result,
        workloads: [{ ...result.workloads[0]!, status: 'failed' as const, failure: 'no table' }],
      };
      const unfinished = await bedRunMetrics(
        reader({ [run.result('store', 0)]: failedWorkload }),
        run,
        done,
        { loadTests: ['store'], testNodes: 1 },
      );
      expect(unfinished).toEqual({
        valid: false,
        reason: 'load test store: workload WRITE failed (no table)',
      });
    });
  });
});
