/**
 * The `tests` role: waits (bounded) for every Cassandra and Ignite node `ready` (a `failed` one
 * fails at once); per load test, meets the other test nodes at the start barrier, runs the test
 * with its node index and uploads its results file. The collector node then collects.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { nodeId } from '../../bed/s3-layout';
import type { LoadTestConfig } from '../../tests-runner/config/schema';
import { GangliaLoadTestPublisher } from '../../monitoring';
import { publishTo } from '../../tests-runner';
import { runLoadTest } from '../../tests-runner/engine/run';
import { nodesOf, type RoleContext } from '../shared/context';
import { BootstrapError } from '../shared/errors';
import { watchSpotNotice, type SpotNotice } from '../shared/spot-notice';
import { startBarrier, waitForReady } from '../shared/waits';
import { collect } from './collector';
import { localDataCenter, writeBedFiles } from '../shared/bed-files';

/** The load-test run id of one load test of a bed run: shared by every test node. */
export function loadTestRunId(runId: string, loadTest: string): string {
  return `${runId}-${loadTest}`;
}

export async function testsRole(ctx: RoleContext): Promise<void> {
  const { identity, bed } = ctx;
  const t = bed.spec.timeouts;
  await ctx.status.enter('waiting', 'for every Cassandra and Ignite node to be ready');
  await waitForReady(
    ctx.bucket,
    ctx.servicesRun,
    [...nodesOf(bed, 'cassandra'), ...nodesOf(bed, 'ignite')],
    {
      timeoutMs: ctx.bounded((t.cassandraReadySeconds + t.igniteReadySeconds + 120) * 1000),
      signal: ctx.signal,
      what: 'every Cassandra and Ignite node to be ready',
    },
  );
  await ctx.status.enter('ready', 'services ready');
  const fileOf = writeBedFiles(ctx, path.join(identity.workDir, 'files'));
  const c = bed.spec.cassandra;
  const testNodes = nodesOf(bed, 'tests');
  const runDeadline = Date.now() + ctx.bounded(t.runSeconds * 1000);
  const windowStartSec = Math.floor(Date.now() / 1000);
  // Live load-test metrics to the tests cluster's collector: fire-and-forget, never in the way.
  const publisher = ctx.monitoring
    ? new GangliaLoadTestPublisher({
        targets: [ctx.monitoring.collector],
        host: ctx.monitoring.host,
        intervalMs: 5_000,
        metadataIntervalMs: 10_000,
        onFirstError: (message) => {
          ctx.log(`[${ctx.node}] publishing load-test metrics: ${message}`);
        },
      })
    : undefined;
  const metrics = publishTo(publisher ? [publisher] : [], ctx.log);
  // A spot node's interruption notice ends its load test: the run is then invalid, not partial.
  const interruption = new AbortController();
  let notice: SpotNotice | undefined;
  const stopWatching = identity.imdsEndpoint
    ? watchSpotNotice({
        endpoint: identity.imdsEndpoint,
        log: ctx.log,
        onNotice: (n) => {
          notice = n;
          ctx.log(`[${ctx.node}] spot interruption notice: ${n.action} at ${n.time}`);
          interruption.abort();
        },
      })
    : () => undefined;
  try {
    await runAll();
  } finally {
    stopWatching();
    await metrics.close();
  }
  if (publisher) ctx.status.timing('metricsDropped', publisher.stats.dropped);
  if (identity.index === bed.spec.tests.collector) {
    await ctx.status.enter('collecting', 'waiting for every test node’s results');
    await collect(ctx, { startSec: windowStartSec });
  }

  async function runAll(): Promise<void> {
    for (const test of bed.loadTests) {
      const outDir = path.join(identity.workDir, 'results', test.name);
      mkdirSync(outDir, { recursive: true });
      const config: LoadTestConfig = {
        ...test.config,
        runId: loadTestRunId(identity.runId, test.name),
        node: { index: identity.index, name: nodeId('tests', identity.index) },
        cassandra: {
          ...test.config.cassandra,
          contactPoints: bed.addresses.cassandra.map((a) => `${a}:${c.nativePort}`),
          localDataCenter: localDataCenter(ctx),
        },
        ignite: {
          ...test.config.ignite,
          endpoints: bed.addresses.ignite.map((a) => `${a}:${bed.spec.ignite.clientPort}`),
        },
        persistenceSettings:
          test.config.persistenceSettings && fileOf(test.config.persistenceSettings),
        output: { ...test.config.output, dir: outDir },
      };
      await ctx.status.enter('waiting', `at barrier start-${test.name}`);
      const { startAtEpochMs } = await startBarrier(
        ctx.bucket,
        ctx.run,
        `start-${test.name}`,
        ctx.node,
        testNodes,
        {
          timeoutMs: ctx.bounded(t.barrierSeconds * 1000),
          signal: ctx.signal,
        },
      );
      ctx.status.timing(`barrierLateMs-${test.name}`, Date.now() - startAtEpochMs);
      await ctx.status.enter('running', `load test ${test.name} (${config.target})`);
      const controller = new AbortController();
      const stop = () => {
        controller.abort();
      };
      ctx.signal.addEventListener('abort', stop);
      interruption.signal.addEventListener('abort', stop);
      const timer = setTimeout(stop, Math.max(1000, runDeadline - Date.now()));
      let result;
      try {
        result = await runLoadTest(config, {
          signal: controller.signal,
          log: ctx.log,
          onSample: (sample) => {
            metrics.publish(sample);
          },
        });
      } finally {
        clearTimeout(timer);
        ctx.signal.removeEventListener('abort', stop);
        interruption.signal.removeEventListener('abort', stop);
      }
      if (notice) {
        throw new BootstrapError(
          `spot interruption notice (${notice.action} at ${notice.time}) during load test ${test.name}: this node's results are incomplete and the run is invalid`,
        );
      }
      if (result.interrupted && !ctx.signal.aborted) {
        throw new BootstrapError(
          `load test ${test.name} did not finish within timeouts.runSeconds (${t.runSeconds} s)`,
        );
      }
      await ctx.status.enter('uploading', `results of ${test.name}`);
      const file = path.join(outDir, `node-${identity.index}.json`);
      writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
      await ctx.bucket.putFile(ctx.run.result(test.name, identity.index), file, 'application/json');
    }
  }
}
