import path from 'node:path';

import { loadBedSpec } from '../../bed';
import { allocateLoopbackBlock, runDir } from '../../local';
import { bedDirOf } from '../../local/bed/bed-state';
import { LocalBed } from '../../local/bed/local-bed';
import { projectRoot } from '../../services';
import { out, progress } from '../cli-output';
import { refuseIfBedRuns } from './private/bed-conflict';
import { followRun, printReports, printVerdict } from './private/bed-run-output';

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
  const dir = bedDirOf(runDir(), loaded.spec.name);
  refuseIfBedRuns(dir, loaded.spec.name);
  const block = allocateLoopbackBlock();
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
    const { outcome, statuses, ms } = await followRun(bed, up.runId);
    timings.run = ms;
    printReports(await bed.fetchReports(up.runId, outcome, path.join(dir, 'reports')));
    const phaseMs = (role: string, phase: string) =>
      Math.max(0, ...statuses.filter((s) => s.role === role).map((s) => s.timingsMs[phase] ?? 0));
    out(
      `Timings: install ${seconds(timings.install ?? 0)}, staging ${seconds(timings.stage ?? 0)}, run ${seconds(timings.run)} (cassandra waiting ${seconds(phaseMs('cassandra', 'waiting'))}, ignite starting ${seconds(phaseMs('ignite', 'configuring'))})`,
    );
    return printVerdict(outcome, `S3: ${bed.s3DataDir}`);
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
