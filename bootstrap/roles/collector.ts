/**
 * The collector (test node `tests.collector`): waits (bounded) for every test node's results of
 * each load test, merges them exactly, writes the reports (JSON, Markdown, HTML) to S3 and the
 * run's `DONE` — or `FAILED` when a load test has no results at all. Missing nodes make a report
 * partial; they are named in the report, its index and `DONE`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { nodeId } from '../../bed/s3-layout';
import type { RunOutcome } from '../../bed/status';
import { waitFor, WaitTimeoutError } from '../../common/wait';
import { mergeResults } from '../../tests-runner/results/merge';
import { loadTestResultSchema, type LoadTestResult } from '../../tests-runner/results/schema';
import { renderGraphsHtml } from '../../monitoring';
import { writeReports } from '../../tests-runner/report/write-reports';
import type { RoleContext } from '../shared/context';
import { BootstrapError } from '../shared/errors';
import { readStatuses } from '../shared/status';
import { saveRunGraphs } from './collector-graphs';
import { formatRunCost, runCostSection, type RunCostSection } from './run-cost';

/** One load test's entry in `report/index.json`. */
export interface ReportIndexEntry {
  readonly nodes: number[];
  readonly missingNodes: string[];
  readonly partial: boolean;
  readonly mergeMs: number;
  /**
   * Spread of the test nodes' release from the start barrier (max − min of their lateness behind
   * the common start instant, each on its own clock).
   */
  readonly barrierSkewMs: number | undefined;
  /**
   * max − min of the nodes' start of the first workload: barrier skew plus each node's target
   * set-up (connecting, creating tables), which runs after the barrier.
   */
  readonly workloadStartSkewMs: number;
  readonly keys: { json: string; md: string; html: string };
  /** Cloud runs only: the bed's cost while this load test ran and throughput per $/h. */
  readonly cost?: RunCostSection;
}

function startSkewMs(result: LoadTestResult): number {
  const first = result.workloads[0];
  const phase = first && (first.warmup.nodes.length ? first.warmup : first.measured);
  const starts = phase?.nodes.map((n) => n.startedAtEpochMs) ?? [];
  return starts.length > 1 ? Math.max(...starts) - Math.min(...starts) : 0;
}

async function barrierSkewMs(ctx: RoleContext, loadTest: string): Promise<number | undefined> {
  const late = (await readStatuses(ctx.bucket, ctx.run))
    .filter((s) => s.role === 'tests')
    .map((s) => s.timingsMs[`barrierLateMs-${loadTest}`])
    .filter((v): v is number => v !== undefined);
  return late.length ? Math.max(...late) - Math.min(...late) : undefined;
}

const banner = (missing: readonly string[]) =>
  `PARTIAL REPORT: no results from ${missing.join(', ')} (the figures cover the other nodes only)`;

/** Adds the Ganglia section to a load test's HTML and Markdown reports (files patched in place). */
function withGraphs(
  files: { html: string; markdown: string },
  snapshot: NonNullable<Awaited<ReturnType<typeof saveRunGraphs>>>,
): void {
  // The report lives at report/<load test>/, the graphs at report/ganglia/.
  const section = renderGraphsHtml(snapshot, '../ganglia/');
  const html = readFileSync(files.html, 'utf8');
  writeFileSync(
    files.html,
    html.includes('</body>') ? html.replace('</body>', `${section}\n</body>`) : html + section,
  );
  const md = [
    '',
    '## Ganglia',
    '',
    ...snapshot.graphs.map(
      (g) => `- ![${g.title}](../ganglia/${g.png}) ([CSV](../ganglia/${g.csv}))`,
    ),
    ...(snapshot.missing.length
      ? ['', 'Graphs missing:', ...snapshot.missing.map((m) => `- ${m.title}: ${m.reason}`)]
      : []),
    '',
  ];
  writeFileSync(files.markdown, `${readFileSync(files.markdown, 'utf8')}${md.join('\n')}`);
}

/**
 * Collects every load test's results into its reports, saves the run's Ganglia graphs (from
 * `window.startSec`, when the bed has a Ganglia node) and writes `DONE`.
 */
export async function collect(ctx: RoleContext, window: { startSec: number }): Promise<void> {
  const { bed, run, bucket } = ctx;
  const testCount = bed.addresses.tests.length;
  const index: Record<string, ReportIndexEntry> = {};
  const missingAll = new Set<string>();
  const dir = path.join(ctx.identity.workDir, 'report');
  const written: { files: { html: string; markdown: string }; keys: ReportIndexEntry['keys'] }[] =
    [];
  for (const test of bed.loadTests) {
    const wanted = Array.from({ length: testCount }, (_, i) => run.result(test.name, i));
    let present: string[] = [];
    try {
      await waitFor(
        async () => {
          present = await bucket.list(run.resultsPrefix(test.name));
          return wanted.every((k) => present.includes(k));
        },
        {
          description: `the results of ${test.name} from ${testCount} test node(s)`,
          timeoutMs: ctx.bounded(bed.spec.timeouts.resultsSeconds * 1000),
          intervalMs: 500,
          maxIntervalMs: 2000,
          signal: ctx.signal,
        },
      );
    } catch (error) {
      if (!(error instanceof WaitTimeoutError)) throw error;
    }
    const missing = wanted
      .map((k, i) => (present.includes(k) ? undefined : nodeId('tests', i)))
      .filter((n): n is ReturnType<typeof nodeId> => n !== undefined);
    for (const m of missing) missingAll.add(m);
    if (missing.length === testCount) {
      throw new BootstrapError(
        `no test node delivered results of ${test.name} (${missing.join(', ')})`,
      );
    }
    const started = performance.now();
    const inputs = await Promise.all(
      wanted
        .filter((k) => present.includes(k))
        .map(async (key) => ({
          file: key,
          result: loadTestResultSchema.parse(await bucket.getJson(key)),
        })),
    );
    const merged = mergeResults(inputs);
    const out = path.join(dir, test.name);
    mkdirSync(out, { recursive: true });
    const files = writeReports(merged, out);
    const mergeMs = performance.now() - started;
    const cost = bed.price ? runCostSection(merged, bed.price) : undefined;
    if (cost)
      writeFileSync(
        files.markdown,
        `${readFileSync(files.markdown, 'utf8')}\n${formatRunCost(cost)}`,
      );
    if (missing.length) {
      writeFileSync(
        files.markdown,
        `> **${banner(missing)}**\n\n${readFileSync(files.markdown, 'utf8')}`,
      );
      writeFileSync(
        files.html,
        readFileSync(files.html, 'utf8').replace(
          /<body([^>]*)>/,
          `<body$1><p class="warn"><strong>${banner(missing)}</strong></p>`,
        ),
      );
    }
    const keys = {
      json: run.report(test.name, 'json'),
      md: run.report(test.name, 'md'),
      html: run.report(test.name, 'html'),
    };
    await bucket.putFile(keys.json, files.summaryJson, 'application/json');
    await bucket.putFile(keys.md, files.markdown, 'text/markdown');
    await bucket.putFile(keys.html, files.html, 'text/html');
    const entry: ReportIndexEntry = {
      nodes: merged.nodes.map((n) => n.index),
      missingNodes: missing,
      partial: missing.length > 0,
      mergeMs: Math.round(mergeMs * 10) / 10,
      barrierSkewMs: await barrierSkewMs(ctx, test.name),
      workloadStartSkewMs: Math.round(startSkewMs(merged)),
      keys,
      ...(cost ? { cost } : {}),
    };
    index[test.name] = entry;
    written.push({ files, keys });
    ctx.status.timing(`mergeMs-${test.name}`, entry.mergeMs);
  }
  const graphs = await saveRunGraphs(ctx, window);
  if (graphs) {
    await bucket.putJson(run.reportGraph('graphs.json'), graphs);
    for (const w of written) {
      withGraphs(w.files, graphs);
      await bucket.putFile(w.keys.md, w.files.markdown, 'text/markdown');
      await bucket.putFile(w.keys.html, w.files.html, 'text/html');
    }
    if (graphs.missing.length) {
      ctx.log(
        `[${ctx.node}] Ganglia graphs missing: ${graphs.missing.map((m) => `${m.id} (${m.reason})`).join('; ')}`,
      );
    }
  }
  await bucket.putJson(run.reportIndex, {
    version: 1,
    runId: ctx.identity.runId,
    loadTests: index,
    ...(graphs
      ? {
          ganglia: {
            index: run.reportGraph('graphs.json'),
            saved: graphs.graphs.map((g) => g.id),
            missing: graphs.missing,
            views: graphs.views,
          },
        }
      : {}),
  });
  const outcome: RunOutcome = {
    version: 1,
    outcome: 'DONE',
    runId: ctx.identity.runId,
    at: new Date().toISOString(),
    reason: missingAll.size
      ? `partial: no results from ${[...missingAll].join(', ')}`
      : `${bed.loadTests.length} load test(s) on ${testCount} test node(s)`,
    logTail: [],
    missingNodes: [...missingAll],
    reports: Object.fromEntries(Object.entries(index).map(([k, v]) => [k, v.keys])),
  };
  await bucket.putJson(run.done, outcome);
}
