/**
 * Following a local bed's run to its end and printing what it left, shared by `testbed demo` and
 * `testbed bed up|run|report`: the per-node progress, each load test's merged summary (separately:
 * no ratio between load tests that ran one after the other) with its report paths, the verdict.
 */
import { readFileSync } from 'node:fs';

import type { BedSpec } from '../../../bed/schema';
import type { NodeStatusObject, RunOutcome } from '../../../bed/status';
import type { FetchedReport } from '../../../local/bed/bed-objects';
import type { LocalBed } from '../../../local/bed/local-bed';
import { bedProgress } from '../../../local/bed/progress';
import { renderText, type ReportModel } from '../../../tests-runner';
import { fail, ok, out } from '../../cli-output';
import { EXIT } from '../../exit-codes';

/** The bound on one whole run of a bed: every phase's own timeout. */
export function runTimeoutMs(spec: BedSpec): number {
  const t = spec.timeouts;
  return (t.cassandraReadySeconds + t.igniteReadySeconds + t.runSeconds + t.resultsSeconds) * 1000;
}

/** Follows a run to DONE or FAILED (bounded), showing per-node progress on stderr. */
export async function followRun(
  bed: LocalBed,
  runId: string,
): Promise<{ outcome: RunOutcome; statuses: NodeStatusObject[]; ms: number }> {
  const view = bedProgress(process.stderr);
  const started = Date.now();
  const outcome = await bed.waitForOutcome(runId, {
    timeoutMs: runTimeoutMs(bed.props.loaded.spec),
    onTick: (s) => {
      view.update(s);
    },
  });
  const ms = Date.now() - started;
  const statuses = await bed.statuses(runId);
  view.update(statuses);
  return { outcome, statuses, ms };
}

/** Prints each load test's merged summary and its report paths. */
export function printReports(reports: Readonly<Record<string, FetchedReport>>): void {
  out();
  for (const [name, files] of Object.entries(reports)) {
    out(`== load test ${name} ==`);
    out(renderText(JSON.parse(readFileSync(files.json, 'utf8')) as ReportModel));
    out(`Report: ${files.html}`);
    out(`        ${files.md}`);
    out();
  }
}

/** Prints the run's verdict; returns the exit code it means. */
export function printVerdict(outcome: RunOutcome, where: string): number {
  if (outcome.outcome === 'DONE') {
    out(ok(`DONE ${outcome.reason} — ${where}`));
    return EXIT.ok;
  }
  out(fail(`FAILED: ${outcome.reason}`));
  for (const l of outcome.logTail) out(`  ${l}`);
  return EXIT.failure;
}
