import { readFileSync } from 'node:fs';
import path from 'node:path';

import { loadBedSpec } from '../../bed';
import { allocateLoopbackBlock, runDir } from '../../local';
import { bedProgress } from '../../local/bed/progress';
import { LocalBed } from '../../local/bed/local-bed';
import { projectRoot } from '../../services';
import { renderText, type ReportModel } from '../../tests-runner';
import { fail, ok, out, progress } from '../cli-output';

/** Options of `testbed demo` (what `npm start` runs). */
export interface DemoOptions {
  /** The bed spec. @default examples/beds/local-small.yaml */
  readonly spec?: string;
}

/** The small example bed `npm start` runs. */
export const DEMO_SPEC = path.join(projectRoot, 'examples', 'beds', 'local-small.yaml');

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * The main job: the local test bed on a spec (the small example by default) — brings the bed up,
 * runs its load tests (the original four workloads through Ignite and through the store
 * directly), prints each load test's merged summary (separately: no ratio between them, the two
 * ran one after the other on one machine) and the report paths, and tears everything down.
 */
export async function demo(options: DemoOptions): Promise<number> {
  const loaded = loadBedSpec(options.spec ?? DEMO_SPEC);
  const block = allocateLoopbackBlock();
  const dir = path.join(runDir(), 'beds', loaded.spec.name);
  const timings: Record<string, number> = {};
  const started = Date.now();
  let bed: LocalBed | undefined;
  try {
    const up = await LocalBed.up({
      loaded,
      dir,
      block,
      log: progress,
      variables: process.env,
      timings,
    });
    bed = up.bed;
    progress(
      `Bed ${loaded.spec.name}: run ${up.runId}, nodes on 127.0.${block.block}.x, S3 ${bed.s3.endpoint}`,
    );
    if (bed.gangliaUrl) progress(`Ganglia dashboard: ${bed.gangliaUrl}`);
    const view = bedProgress(process.stderr);
    const t = loaded.spec.timeouts;
    const runStarted = Date.now();
    const outcome = await bed.waitForOutcome(up.runId, {
      timeoutMs:
        (t.cassandraReadySeconds + t.igniteReadySeconds + t.runSeconds + t.resultsSeconds) * 1000,
      onTick: (s) => {
        view.update(s);
      },
    });
    timings.run = Date.now() - runStarted;
    const statuses = await bed.statuses(up.runId);
    view.update(statuses);
    const reports = await bed.fetchReports(up.runId, outcome, path.join(dir, 'reports'));
    out();
    for (const [name, files] of Object.entries(reports)) {
      out(`== load test ${name} ==`);
      out(renderText(JSON.parse(readFileSync(files.json, 'utf8')) as ReportModel));
      out(`Report: ${files.html}`);
      out(`        ${files.md}`);
      out();
    }
    const phaseMs = (role: string, phase: string) =>
      Math.max(0, ...statuses.filter((s) => s.role === role).map((s) => s.timingsMs[phase] ?? 0));
    timings.cassandraReady = Math.max(
      ...statuses
        .filter((s) => s.role === 'cassandra')
        .map((s) => Date.parse(s.since) - runStarted),
      0,
    );
    out(
      `Timings: install ${seconds(timings.install ?? 0)}, staging ${seconds(timings.stage ?? 0)}, run ${seconds(timings.run)} (cassandra waiting ${seconds(phaseMs('cassandra', 'waiting'))}, ignite starting ${seconds(phaseMs('ignite', 'configuring'))})`,
    );
    if (outcome.outcome === 'DONE') {
      out(ok(`DONE ${outcome.reason} — S3: ${bed.s3DataDir}`));
      return 0;
    }
    out(fail(`FAILED: ${outcome.reason}`));
    for (const l of outcome.logTail) out(`  ${l}`);
    return 1;
  } finally {
    const t = Date.now();
    progress('Tearing the bed down…');
    await bed?.down();
    block.release();
    progress(
      `Torn down in ${seconds(Date.now() - t)}; total ${seconds(Date.now() - started)}. Node logs: ${dir}/nodes`,
    );
  }
}
