import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { UsageError } from '../../common/errors';
import { runDir } from '../../local';
import {
  createProgress,
  loadConfig,
  mergeResults,
  newRunId,
  parseSetOption,
  publishTo,
  readResults,
  renderText,
  reportModel,
  runLoadTest,
  writeReports,
  type ConfigOverride,
  type LoadTestConfig,
  type LoadTestResult,
  type MetricsPublisher,
  type ReportFiles,
} from '../../tests-runner';
import { out, progress } from '../cli-output';
import { EXIT } from '../exit-codes';
import { onInterrupt } from '../signals';

/** Options of `testbed load-test run`. */
export interface LoadTestRunOptions {
  readonly config: string;
  readonly target?: string;
  readonly workloads?: string;
  readonly warmup?: number;
  readonly duration?: number;
  readonly concurrency?: number;
  readonly bulkSize?: number;
  readonly rate?: number;
  readonly nodeIndex?: number;
  readonly runId?: string;
  readonly set?: readonly string[];
  readonly out?: string;
  readonly json?: boolean;
}

/** The dedicated options as overrides of configuration keys (validated with the file). */
export function optionOverrides(opts: LoadTestRunOptions): ConfigOverride[] {
  const o: ConfigOverride[] = [];
  const add = (key: string, value: string | number | undefined, option: string): void => {
    if (value !== undefined)
      o.push({ path: key.split('.'), value, option: `${option} ${String(value)}` });
  };
  add('target', opts.target, '--target');
  if (opts.workloads !== undefined) {
    const list = opts.workloads.split(',').map((w) => w.trim().toUpperCase());
    o.push({
      path: ['workloads'],
      value: list.length === 1 && list[0] === 'ALL' ? 'all' : list,
      option: `--workloads ${opts.workloads}`,
    });
  }
  add('warmupSeconds', opts.warmup, '--warmup');
  add('durationSeconds', opts.duration, '--duration');
  add('concurrency', opts.concurrency, '--concurrency');
  add('bulkSize', opts.bulkSize, '--bulk-size');
  add('rateOpsPerSec', opts.rate, '--rate');
  add('node.index', opts.nodeIndex, '--node-index');
  add('runId', opts.runId, '--run-id');
  return [...o, ...(opts.set ?? []).map(parseSetOption)];
}

/** What a run left behind. */
export interface LoadTestOutcome {
  readonly result: LoadTestResult;
  readonly resultFile: string;
  readonly reports: ReportFiles;
  readonly exitCode: number;
}

/** Problems that make a finished run a failure: a failed workload, or one where no call succeeded. */
export function runProblems(result: LoadTestResult): string[] {
  return result.workloads.flatMap((w) => {
    if (w.status === 'failed') return [`${w.name} failed: ${w.failure ?? 'unknown reason'}`];
    const ops = Object.values(w.measured.operations);
    const calls = ops.reduce((a, s) => a + s.calls, 0);
    const errors = ops.reduce((a, s) => a + s.errors, 0);
    if (w.status === 'completed' && calls === 0) {
      return [`${w.name}: no call succeeded in the measured phase (${errors} failed)`];
    }
    return [];
  });
}

/**
 * Runs a validated configuration as the CLI does: progress on stderr, Ctrl-C stops cleanly (a
 * second Ctrl-C exits at once), the node's results and the reports are written, and the summary is
 * printed (stdout; with `json`, the results JSON goes to stdout and the summary to stderr).
 */
export async function executeLoadTest(
  config: LoadTestConfig,
  options: {
    readonly outDir?: string;
    readonly json?: boolean;
    /** Live metrics go to these as well (the monitoring part adds Ganglia's). */
    readonly publishers?: readonly MetricsPublisher[];
  } = {},
): Promise<LoadTestOutcome> {
  const runId = config.runId ?? newRunId();
  const resolved: LoadTestConfig = { ...config, runId };
  const dir = path.resolve(
    options.outDir ?? config.output.dir ?? path.join(runDir(), 'load-tests', runId),
  );
  mkdirSync(dir, { recursive: true });
  const controller = new AbortController();
  const removeInterruptHandler = onInterrupt(() => {
    progress(
      '\nInterrupted: letting calls in flight settle, then writing partial results (Ctrl-C again to quit now)…',
    );
    controller.abort();
  });
  const bar = createProgress(process.stderr, config.output.progressIntervalSeconds);
  const metrics = publishTo(options.publishers ?? [], progress);
  let result: LoadTestResult;
  try {
    result = await runLoadTest(resolved, {
      signal: controller.signal,
      log: progress,
      onSample: (s) => {
        bar.sample(s);
        metrics.publish(s);
      },
      onWorkload: (e) => {
        if (e.state === 'start') bar.workloadStarted(e.name);
        else bar.workloadEnded(e.name);
      },
    });
  } finally {
    bar.stop();
    removeInterruptHandler();
    await metrics.close();
  }
  const resultFile = path.join(dir, `node-${config.node.index}.json`);
  writeFileSync(resultFile, `${JSON.stringify(result, null, 2)}\n`);
  const reports = writeReports(result, dir);
  const summary = renderText(reportModel(result));
  if (options.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.stderr.write(summary);
  } else {
    out(summary);
  }
  const problems = runProblems(result);
  for (const p of problems) progress(`✗ ${p}`);
  const where = options.json ? progress : out;
  where(`Results: ${resultFile}`);
  where(`Report:  ${reports.html}`);
  const exitCode = result.interrupted ? EXIT.interrupted : problems.length ? EXIT.failure : EXIT.ok;
  return { result, resultFile, reports, exitCode };
}

/** `testbed load-test run`. */
export async function loadTestRun(opts: LoadTestRunOptions): Promise<number> {
  const config = loadConfig(opts.config, optionOverrides(opts));
  const outcome = await executeLoadTest(config, {
    ...(opts.out ? { outDir: opts.out } : {}),
    ...(opts.json ? { json: true } : {}),
  });
  return outcome.exitCode;
}

/** Options of `testbed load-test report`. */
export interface LoadTestReportOptions {
  readonly out?: string;
  readonly json?: boolean;
}

/** `testbed load-test report <results…>`: merges node results and renders the reports. */
export function loadTestReport(files: readonly string[], opts: LoadTestReportOptions): number {
  if (files.length === 0) {
    throw new UsageError('Give the results files to merge (node-<i>.json of each node).');
  }
  const merged = mergeResults(files.map((file) => ({ file, result: readResults(file) })));
  const dir = path.resolve(opts.out ?? path.dirname(path.resolve(files[0] ?? '.')));
  mkdirSync(dir, { recursive: true });
  const mergedFile = path.join(dir, 'merged.json');
  writeFileSync(mergedFile, `${JSON.stringify(merged, null, 2)}\n`);
  const reports = writeReports(merged, dir);
  const summary = renderText(reportModel(merged));
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(merged)}\n`);
    process.stderr.write(summary);
  } else {
    out(summary);
    out(`Merged:  ${mergedFile}`);
    out(`Report:  ${reports.html}`);
  }
  return 0;
}
