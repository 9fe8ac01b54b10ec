import { spawn } from 'node:child_process';
import path from 'node:path';

import { readRuns } from '../../campaigns/history/history';
import { directoryStore } from '../../campaigns/history/store';
import { judgeAndReport } from '../../campaigns/runner';
import { loadCampaignSpec } from '../../campaigns/spec/load-spec';
import { UsageError, errorMessage } from '../../common/errors';
import { ok, out, warn } from '../cli-output';

/** Exit code of a night with a confirmed regression (errors use 1, usage errors 2). */
export const REGRESSION_EXIT_CODE = 3;

/** Options of `testbed campaign judge`. */
export interface CampaignJudgeOptions {
  /** History directory. */
  readonly history: string;
  /** Night id to judge; the latest night in the history by default. */
  readonly night?: string;
  /** Print the verdict as JSON instead of Markdown. */
  readonly json?: boolean;
}

/** Runs the spec's notification hook with the Markdown on stdin; bounded to 60 s, failures only warn. */
async function notify(command: readonly string[], markdown: string): Promise<void> {
  const [file, ...args] = command;
  if (!file) return;
  await new Promise<void>((resolve) => {
    const child = spawn(file, args, { stdio: ['pipe', 'inherit', 'inherit'], timeout: 60_000 });
    child.on('error', (error) => {
      process.stderr.write(`${warn(`notification hook ${file} failed: ${errorMessage(error)}`)}\n`);
      resolve();
    });
    child.on('close', (code, signal) => {
      if (code !== 0) {
        process.stderr.write(
          `${warn(`notification hook ${file} exited with ${code ?? signal}`)}\n`,
        );
      }
      resolve();
    });
    child.stdin.end(markdown);
  });
}

/**
 * `testbed campaign judge <spec> --history <dir>`: judges a night of the history (the gate and the
 * change points), writes the trend report, prints the Markdown verdict, runs the notification
 * hook and returns {@link REGRESSION_EXIT_CODE} on a confirmed regression.
 */
export async function campaignJudge(
  specPath: string,
  options: CampaignJudgeOptions,
): Promise<number> {
  const campaign = loadCampaignSpec(specPath);
  const store = directoryStore(path.resolve(options.history));
  const name = campaign.spec.name;
  const runs = await readRuns(store, name);
  const nights = [...new Set(runs.map((r) => r.night))].sort();
  const night = options.night ?? nights[nights.length - 1];
  if (night === undefined || !nights.includes(night)) {
    throw new UsageError(
      night === undefined
        ? `The history ${store.description} holds no run of campaign ${name}.`
        : `The history ${store.description} holds no night ${night} of campaign ${name}.`,
      {
        hint: nights.length ? `Nights: ${nights.slice(-5).join(', ')}` : 'Run the campaign first.',
      },
    );
  }
  const { verdict, markdown, reportKey } = await judgeAndReport(store, campaign, runs, night);
  if (options.json) out(JSON.stringify(verdict));
  else {
    out(markdown);
    out(ok(`trend report: ${path.join(store.description, reportKey)}`));
  }
  if (campaign.spec.notify) await notify(campaign.spec.notify.command, markdown);
  return verdict.regressions > 0 ? REGRESSION_EXIT_CODE : 0;
}

/** `testbed campaign validate <spec>`: checks the spec and every cell's bed spec, lists the cells. */
export function campaignValidate(specPath: string): number {
  const campaign = loadCampaignSpec(specPath);
  for (const cell of campaign.cells) out(ok(`${cell.name}  spec ${cell.specHash.slice(0, 12)}`));
  out(
    `${campaign.cells.length} cell(s) × ${campaign.spec.repetitions} repetition(s), ${campaign.metrics.length} gated metric(s)`,
  );
  return 0;
}
