/**
 * `testbed bed up|run|status|report|down`: a local test bed that outlives the command. `up`
 * brings the bed up, waits (bounded) until its first run is under way and releases its processes
 * (recorded in the bed's state file); `run` starts another run on the live services and follows
 * it; `status` and `report` read the bed's S3 objects; `down` stops every process of the bed.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

import { loadBedSpec } from '../../bed';
import type { NodeId } from '../../bed/s3-layout';
import type { RunOutcome } from '../../bed/status';
import { TestbedError, UsageError } from '../../common/errors';
import { waitFor } from '../../common/wait';
import { adoptLoopbackBlock, allocateLoopbackBlock, runDir } from '../../local';
import { BedObjects } from '../../local/bed/bed-objects';
import {
  bedDirOf,
  bedLiveness,
  cleanIfStale,
  pickBed,
  readBedState,
  type BedState,
  writeBedState,
} from '../../local/bed/bed-state';
import { checkLocalSpec } from '../../local/bed/layout';
import { LocalBed } from '../../local/bed/local-bed';
import { takeBedDown } from '../../local/bed/take-down';
import { bedProgress, statusTable } from '../../local/bed/progress';
import { LocalS3 } from '../../local/s3/local-s3';
import { fail, ok, out, progress, warn } from '../cli-output';
import { EXIT } from '../exit-codes';
import { refuseIfBedRuns } from './private/bed-conflict';
import { followRun, printReports, printVerdict } from './private/bed-run-output';

/** Test phases that mean a run is under way (the nodes passed the start barrier). */
const UNDER_WAY = new Set(['running', 'uploading', 'collecting', 'done']);

/** `testbed bed up <spec>`. */
export async function bedUp(specFile: string): Promise<number> {
  const loaded = loadBedSpec(specFile);
  const name = loaded.spec.name;
  checkLocalSpec(loaded.spec, loaded.file);
  const dir = bedDirOf(runDir(), name);
  refuseIfBedRuns(dir, name);
  const block = allocateLoopbackBlock();
  let bed: LocalBed | undefined;
  let released = false;
  try {
    const up = await LocalBed.up({ loaded, dir, block, log: progress, variables: process.env });
    bed = up.bed;
    const started = bed;
    progress(
      `Bed ${name}: run ${up.runId}, nodes on 127.0.${block.block}.x, S3 ${bed.s3.endpoint}`,
    );
    const view = bedProgress(process.stderr);
    const t = loaded.spec.timeouts;
    const outcome = await waitFor(
      async (): Promise<RunOutcome | 'under way' | undefined> => {
        const statuses = await started.statuses(up.runId).catch(() => []);
        view.update(statuses);
        const done = await started.outcome(up.runId);
        if (done) return done;
        const tests = statuses.filter((s) => s.role === 'tests');
        return tests.length === loaded.spec.nodes.tests &&
          tests.every((s) => UNDER_WAY.has(s.phase))
          ? 'under way'
          : undefined;
      },
      {
        description: `the first run of bed ${name} to be under way`,
        timeoutMs: (t.cassandraReadySeconds + t.igniteReadySeconds + t.barrierSeconds + 60) * 1000,
        intervalMs: 1000,
        maxIntervalMs: 1000,
      },
    );
    if (outcome !== 'under way' && outcome.outcome === 'FAILED') {
      return printVerdict(outcome, '');
    }
    const s3Pid = bed.s3.pid;
    if (s3Pid === undefined) throw new TestbedError(`the S3 server of bed ${name} exited`);
    writeBedState(dir, {
      version: 1,
      bedId: name,
      specFile: loaded.file,
      block: block.block,
      startedAt: new Date().toISOString(),
      s3Endpoint: bed.s3.endpoint,
      blockOwnerPid: s3Pid,
      servicesRunId: bed.servicesRunId,
      runs: [up.runId],
      processes: bed.records(),
    });
    bed.release();
    adoptLoopbackBlock(block.block, s3Pid);
    released = true;
    out(
      ok(
        `Bed ${name} is up: run ${up.runId} ${outcome === 'under way' ? 'under way' : 'done'}; nodes on 127.0.${block.block}.x, S3 ${bed.s3.endpoint}`,
      ),
    );
    out(`  testbed bed status ${name}    per-node table`);
    out(`  testbed bed report ${name}    the run's report, once it is done`);
    out(`  testbed bed run ${name}       another run on the same services`);
    out(`  testbed bed down ${name}      stop every process of the bed`);
    return EXIT.ok;
  } finally {
    if (!released) {
      if (bed) progress('Tearing the bed down…');
      await bed?.down();
      block.release();
    }
  }
}

/** The state of a bed that must be up (its S3 server running); stale state is cleaned. */
function liveBed(name: string | undefined): { state: BedState; dir: string; s3: LocalS3 } {
  const bedName = pickBed(runDir(), name);
  const dir = bedDirOf(runDir(), bedName);
  const state = readBedState(dir);
  if (!state) throw new UsageError(`There is no local bed named '${bedName}'.`);
  const live = bedLiveness(dir, state);
  if (live.s3) return { state, dir, s3: live.s3 };
  if (cleanIfStale(dir, state)) {
    throw new TestbedError(
      `Bed ${bedName} is not running: none of its processes is left; removed its stale state.`,
      { hint: `Bring it up again with: testbed bed up ${state.specFile}` },
    );
  }
  throw new TestbedError(
    `The S3 server of bed ${bedName} is gone (${live.nodes.length} node process(es) still run).`,
    { hint: `Stop what is left with: testbed bed down ${bedName}` },
  );
}

/** The run a command means: `--run` (one of the bed's) or the latest. */
function pickRun(state: BedState, run: string | undefined): string {
  if (run === undefined) return state.runs.at(-1) as string;
  if (state.runs.includes(run)) return run;
  throw new UsageError(`Bed ${state.bedId} has no run '${run}'.`, {
    hint: `Its runs: ${state.runs.join(', ')}.`,
  });
}

/** `testbed bed run [<bed>]`: a new run on the live services; follows it to its end. */
export async function bedRun(name: string | undefined): Promise<number> {
  const { state, dir, s3 } = liveBed(name);
  const last = state.runs.at(-1) as string;
  const objects = BedObjects.at(s3.endpoint, state.bedId, state.servicesRunId);
  const lastOutcome = await objects.outcome(last).finally(() => {
    objects.bucket.close();
  });
  const lastAlive = bedLiveness(dir, state).nodes.some(
    (p) => p.runId === last && p.node.startsWith('tests-'),
  );
  if (!lastOutcome && lastAlive) {
    throw new TestbedError(`Run ${last} of bed ${state.bedId} is still under way.`, {
      code: 'BED_CONFLICT',
      hint: `Follow it with 'testbed bed status ${state.bedId}' and run again once it is done.`,
    });
  }
  const loaded = loadBedSpec(state.specFile);
  if (loaded.spec.name !== state.bedId) {
    throw new UsageError(
      `${state.specFile} now names bed '${loaded.spec.name}', but bed '${state.bedId}' came up from it.`,
      { hint: `Restore the name, or take the bed down and bring it up again.` },
    );
  }
  const bed = LocalBed.attach(
    {
      loaded,
      dir,
      block: adoptLoopbackBlock(state.block, state.blockOwnerPid),
      log: progress,
      variables: process.env,
    },
    s3,
    state.servicesRunId,
    state.processes,
  );
  const runId = await bed.rerun();
  writeBedState(dir, { ...state, runs: [...state.runs, runId], processes: bed.records() });
  progress(`Bed ${state.bedId}: run ${runId} (run ${state.runs.length + 1} on these services)`);
  const { outcome } = await followRun(bed, runId);
  printReports(await bed.fetchReports(runId, outcome, path.join(dir, 'reports')));
  const code = printVerdict(outcome, `testbed bed report ${state.bedId} --run ${runId}`);
  // The test nodes exit by themselves after the run; only the live ones stay recorded.
  await Promise.all(
    bed
      .records()
      .filter((r) => r.runId === runId)
      .map(
        (r) =>
          bed.nodeProcess(r.node as NodeId, runId)?.waitForExit(30_000) ?? Promise.resolve(true),
      ),
  );
  const now = readBedState(dir) ?? state;
  writeBedState(dir, { ...now, processes: bedLiveness(dir, now).nodes.slice() });
  bed.release();
  return code;
}

/** `testbed bed status [<bed>]`: the per-node table of a run (the latest by default). */
export async function bedStatus(
  name: string | undefined,
  options: { run?: string; json?: boolean },
): Promise<number> {
  const { state, dir } = liveBed(name);
  const runId = pickRun(state, options.run);
  const objects = BedObjects.at(state.s3Endpoint, state.bedId, state.servicesRunId);
  try {
    const [statuses, outcome] = await Promise.all([
      objects.statuses(runId),
      objects.outcome(runId),
    ]);
    const alive = bedLiveness(dir, state).nodes;
    if (options.json) {
      out(JSON.stringify({ bed: state.bedId, runId, runs: state.runs, outcome, statuses, alive }));
      return EXIT.ok;
    }
    out(
      `Bed ${state.bedId} (nodes on 127.0.${state.block}.x, S3 ${state.s3Endpoint}), run ${runId} (${state.runs.indexOf(runId) + 1} of ${state.runs.length})`,
    );
    for (const line of statusTable(statuses)) out(line);
    const services = state.processes.filter((p) => !p.node.startsWith('tests-'));
    const down = services.filter((p) => !alive.some((a) => a.pid === p.pid));
    out(
      down.length
        ? warn(`service node process(es) gone: ${down.map((p) => p.node).join(', ')}`)
        : ok(`every service node process runs (${services.length})`),
    );
    if (outcome)
      out(
        outcome.outcome === 'DONE'
          ? ok(`DONE ${outcome.reason}`)
          : fail(`FAILED: ${outcome.reason}`),
      );
    else out(`run ${runId} under way`);
    return down.length ? EXIT.failure : EXIT.ok;
  } finally {
    objects.bucket.close();
  }
}

/** `testbed bed report [<bed>]`: fetches a run's reports into the bed's directory. */
export async function bedReport(
  name: string | undefined,
  options: { run?: string; open?: boolean },
): Promise<number> {
  const { state, dir } = liveBed(name);
  const runId = pickRun(state, options.run);
  const objects = BedObjects.at(state.s3Endpoint, state.bedId, state.servicesRunId);
  try {
    const outcome = await objects.outcome(runId);
    if (!outcome) {
      throw new TestbedError(
        `Run ${runId} of bed ${state.bedId} has no report yet: it is under way.`,
        {
          hint: `Follow it with: testbed bed status ${state.bedId}`,
        },
      );
    }
    const reportsDir = path.join(dir, 'reports');
    const reports = await objects.fetchReports(runId, outcome, reportsDir);
    out(`Run ${runId}: ${outcome.outcome} ${outcome.reason}`);
    out(`Index: ${path.join(reportsDir, runId, 'index.json')}`);
    for (const [test, files] of Object.entries(reports)) {
      out(`${test}: ${files.html}`);
      out(`${' '.repeat(test.length)}  ${files.md}`);
      out(`${' '.repeat(test.length)}  ${files.json}`);
    }
    const first = Object.values(reports)[0];
    if (options.open && first) {
      // Best effort: a desktop opener where there is one; the paths above are the result.
      const opener = spawn('xdg-open', [first.html], { detached: true, stdio: 'ignore' });
      opener.on('error', () => {
        progress(warn(`could not run xdg-open; open ${first.html} yourself`));
      });
      opener.unref();
    }
    return outcome.outcome === 'DONE' ? EXIT.ok : EXIT.failure;
  } finally {
    objects.bucket.close();
  }
}

/** `testbed bed down [<bed>]`: stops every process of the bed and removes its state. */
export async function bedDown(name: string | undefined): Promise<number> {
  const bedName = pickBed(runDir(), name);
  const dir = bedDirOf(runDir(), bedName);
  let state: BedState | undefined;
  try {
    state = readBedState(dir);
  } catch (error) {
    // A damaged state file must not keep the bed's processes alive: they are found by marker.
    progress(warn(`${(error as Error).message}; stopping the bed's processes by their marker`));
  }
  const result = await takeBedDown(dir, state);
  out(
    ok(
      `Bed ${bedName} is down: ${result.stopped} process(es) stopped${result.killed ? `, ${result.killed} leftover(s) killed` : ''}; nothing of it runs.`,
    ),
  );
  out(`Node logs and S3 data stay in ${dir}`);
  return EXIT.ok;
}
