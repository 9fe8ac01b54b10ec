import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { readRuns } from '../../campaigns/history/history';
import { directoryStore } from '../../campaigns/history/store';
import { LocalCampaignBeds } from '../../campaigns/local-beds';
import { judgeAndReport, runCampaignNight } from '../../campaigns/runner';
import { loadCampaignSpec } from '../../campaigns/spec/load-spec';
import { UsageError, errorMessage } from '../../common/errors';
import { allocateLoopbackBlock, runDir } from '../../local';
import { projectRoot } from '../../services';
import { fail, ok, out, progress, warn } from '../cli-output';
import { EXIT } from '../exit-codes';
import { onInterrupt } from '../signals';

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

/** Options of `testbed campaign run`. */
export interface CampaignRunOptions {
  /** Run on the local test bed (the cloud runs campaigns from its CampaignStack). */
  readonly local?: boolean;
  /** History directory. */
  readonly history: string;
  /** Runs of every cell tonight. @default the spec's `repetitions` */
  readonly repetitions?: number;
  /** Print the verdict as JSON instead of Markdown. */
  readonly json?: boolean;
}

/** The project's git commit (`-dirty` with uncommitted changes), or `unknown` outside a checkout. */
function gitCommit(): string {
  const git = (args: string[]) =>
    execFileSync('git', args, { cwd: projectRoot, encoding: 'utf8', timeout: 10_000 }).trim();
  try {
    const head = git(['rev-parse', 'HEAD']);
    return git(['status', '--porcelain', '--untracked-files=no']) ? `${head}-dirty` : head;
  } catch {
    return 'unknown';
  }
}

function projectVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? 'unknown';
}

/**
 * `testbed campaign run <spec> --local --history <dir>`: one campaign night on the local test bed —
 * every cell × repetition (a bed per distinct set of services, reused across the cells that change
 * only the tests), each run appended to the history, then the gate and the trend report. Exit
 * codes: 0 no confirmed regression, {@link REGRESSION_EXIT_CODE} a confirmed regression, 1 every
 * run of the night invalid, 2 a spec or usage mistake, 130 interrupted (the bed is torn down).
 */
export async function campaignRun(specPath: string, options: CampaignRunOptions): Promise<number> {
  if (!options.local) {
    throw new UsageError('`testbed campaign run` runs campaigns on the local test bed only.', {
      hint: 'Add --local; nightly cloud campaigns run from the CampaignStack (see campaigns/README.md).',
    });
  }
  const campaign = loadCampaignSpec(specPath);
  const store = directoryStore(path.resolve(options.history));
  const name = campaign.spec.name;
  const block = allocateLoopbackBlock();
  const controller = new AbortController();
  const removeInterruptHandler = onInterrupt(() => {
    progress('\nInterrupted: tearing the bed down (Ctrl-C again to stop every process now)…');
    controller.abort(new Error('interrupted (Ctrl-C)'));
  });
  let beds: LocalCampaignBeds | undefined;
  try {
    beds = new LocalCampaignBeds({
      campaign,
      store,
      dir: path.join(runDir(), 'campaigns', name),
      block,
      variables: process.env,
      log: progress,
      versions: { node: process.version, testbed: projectVersion() },
    });
    const repetitions = options.repetitions ?? campaign.spec.repetitions;
    progress(
      `Campaign ${name}: ${campaign.cells.length} cell(s) × ${repetitions} repetition(s) on the local bed (127.0.${block.block}.x); history ${store.description}`,
    );
    const night = await runCampaignNight({
      campaign,
      store,
      runCell: beds.runCell,
      groupOf: beds.groupOf,
      repetitions,
      environment: { gitCommit: gitCommit(), versions: {}, where: 'local' },
      log: progress,
      signal: controller.signal,
    });
    const { verdict, markdown, reportKey } = night;
    if (options.json) out(JSON.stringify(verdict));
    else {
      out(markdown);
      out(ok(`trend report: ${path.join(store.description, reportKey)}`));
    }
    if (campaign.spec.notify) await notify(campaign.spec.notify.command, markdown);
    if (verdict.regressions > 0) {
      out(fail(`${verdict.regressions} confirmed regression(s) tonight`));
      return REGRESSION_EXIT_CODE;
    }
    const runs = campaign.cells.length * repetitions;
    if (verdict.invalidRuns.length >= runs) {
      out(fail(`every run of the night was invalid; nothing was compared`));
      return EXIT.failure;
    }
    for (const r of verdict.invalidRuns) {
      out(warn(`invalid run ${r.cell} #${r.repetition}: ${r.reason}`));
    }
    return EXIT.ok;
  } catch (error) {
    if (!controller.signal.aborted) throw error;
    out(fail(`interrupted; the runs so far are in the history, the night was not judged`));
    return EXIT.interrupted;
  } finally {
    removeInterruptHandler();
    await beds?.close();
    block.release();
  }
}
