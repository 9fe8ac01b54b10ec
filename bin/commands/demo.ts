import path from 'node:path';

import { TestbedError } from '../../common/errors';
import { allocateLoopbackBlock, CassandraCluster, runDir } from '../../local';
import {
  loadTestConfigSchema,
  newRunId,
  ORIGINAL_WORKLOADS,
  type LoadTestResult,
} from '../../tests-runner';
import type { TargetKind } from '../../tests-runner/targets/kinds';
import { ok, out, progress } from '../cli-output';
import { executeLoadTest } from './load-test';

/** Options of `testbed demo`. */
export interface DemoOptions {
  /** Measured seconds per workload (after a 1 s warm-up). */
  readonly duration: number;
}

/** The targets the demo compares, in order: the store and its raw-driver baseline. */
export const DEMO_TARGETS: readonly TargetKind[] = ['store', 'driver'];

/** Workload figures side by side, one line per workload: what the demo is for. */
function comparison(results: readonly LoadTestResult[]): string[] {
  const lines: string[] = [];
  for (const name of ORIGINAL_WORKLOADS) {
    const cells = results.map((r) => {
      const stats = Object.values(
        r.workloads.find((w) => w.name === name)?.measured.operations ?? {},
      );
      const s = stats[0];
      return s
        ? `${r.target.kind} ${Math.round(s.throughputEntriesPerSec).toLocaleString('en-US')} entries/s, p99 ${s.latency.p99Ms.toFixed(2)} ms`
        : `${r.target.kind} -`;
    });
    lines.push(`${name.padEnd(10)} ${cells.join(' | ')}`);
  }
  return lines;
}

/** Failed calls in the measured phases: the demo verifies every read, so any error is a failure. */
function errorCount(result: LoadTestResult): number {
  return result.workloads
    .flatMap((w) => Object.values(w.measured.operations))
    .reduce((a, s) => a + s.errors, 0);
}

/**
 * The main job on the embedded local default: start a local Cassandra node, run the original
 * module's four workloads (WRITE, BULK_WRITE, READ, BULK_READ, reads verified) briefly against
 * each demo target, print the summaries and where the HTML reports are, stop Cassandra.
 */
export async function demo(options: DemoOptions): Promise<number> {
  const loopback = allocateLoopbackBlock();
  const dir = path.join(runDir(), 'demo');
  const started = Date.now();
  let cassandra: CassandraCluster | undefined;
  try {
    cassandra = await CassandraCluster.start({
      dir: path.join(dir, 'cassandra'),
      loopback,
      fresh: true,
      log: progress,
    });
    out(
      ok(
        `Cassandra ${cassandra.contactPoints.join(', ')} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      ),
    );
    const runId = `demo-${newRunId()}`;
    const results: LoadTestResult[] = [];
    let exitCode = 0;
    for (const target of DEMO_TARGETS) {
      const config = loadTestConfigSchema.parse({
        target,
        runId,
        workloads: [...ORIGINAL_WORKLOADS],
        warmupSeconds: 1,
        durationSeconds: options.duration,
        concurrency: 8,
        bulkSize: 100,
        verifyReads: true,
        // A WRITE this short still covers every key, so each verified read must find its value.
        keys: { perWorker: 500 },
        cassandra: { contactPoints: cassandra.contactPoints, keyspace: 'testbed_demo' },
        output: { progressIntervalSeconds: 5 },
      });
      out();
      out(`== ${target} target ==`);
      const outcome = await executeLoadTest(config, {
        outDir: path.join(dir, 'load-tests', target),
      });
      results.push(outcome.result);
      const errors = errorCount(outcome.result);
      if (outcome.exitCode !== 0) exitCode = outcome.exitCode;
      else if (errors > 0) {
        throw new TestbedError(
          `The ${target} target failed ${errors} verified call(s) in the demo.`,
          {
            hint: `See ${outcome.reports.html} (errors by kind) and the Cassandra log under ${dir}.`,
          },
        );
      }
    }
    if (results.length > 1) {
      out();
      out('Side by side (measured phase):');
      for (const line of comparison(results)) out(line);
    }
    out();
    out(`Logs: ${dir}`);
    return exitCode;
  } finally {
    progress('Stopping local Cassandra…');
    await cassandra?.stop(10_000);
    loopback.release();
  }
}
