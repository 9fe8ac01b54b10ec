/**
 * The HTML report: one self-contained page (Chart.js and the data inlined, nothing fetched) with
 * throughput over time, latency percentiles, a per-node comparison and errors, above the same
 * tables as the Markdown summary. A pure function of the report model.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { ReportModel } from './model';
import { CHARTS_SCRIPT } from './private/charts-script';
import { SUMMARY_HEADER, summaryFigures } from './private/format';

let chartJs: string | undefined;
/** Chart.js's UMD build, read once from the installed package (its source map comment dropped). */
function chartJsSource(): string {
  chartJs ??= readFileSync(
    path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js'),
    'utf8',
  ).replace(/\/\/# sourceMappingURL=.*$/m, '');
  return chartJs;
}

const esc = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** JSON inside a script element: `<` escaped so no `</script>` or `<!--` can end it early. */
const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

function table(model: ReportModel): string {
  const body = model.workloads.flatMap((w) =>
    w.operations.map(
      (o) =>
        `<tr><td>${esc(w.name)}${w.status === 'completed' ? '' : ` (${esc(w.status)})`}</td><td>${o.operation}</td>` +
        summaryFigures(o)
          .map((c) => `<td class="n">${c}</td>`)
          .join('') +
        '</tr>',
    ),
  );
  return `<table><thead><tr>${SUMMARY_HEADER.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${body.join('')}</tbody></table>`;
}

export function renderHtml(model: ReportModel): string {
  const title = `Load test ${model.runId}`;
  const nodes = model.nodes.map((n) => `${n.index} (${esc(n.name)})`).join(', ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #222; }
  h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; }
  .meta { color: #555; } .warn { color: #b00; font-weight: bold; }
  .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 24px; }
  .chart { position: relative; height: 320px; }
  table { border-collapse: collapse; margin-top: 8px; }
  th, td { border-bottom: 1px solid #ddd; padding: 4px 10px; text-align: left; }
  td.n { text-align: right; font-variant-numeric: tabular-nums; }
</style>
</head>
<body>
<h1>${esc(title)}</h1>
${model.interrupted ? '<p class="warn">Interrupted: these are partial results.</p>' : ''}
<p class="meta">Target: ${esc(model.target)}<br>Nodes: ${nodes}<br>From ${esc(model.startedAt)} to ${esc(model.finishedAt)}</p>
<div class="grid">
  <section><h2>Throughput over time</h2><div class="chart"><canvas id="chart-throughput"></canvas></div></section>
  <section><h2>Latency percentiles</h2><div class="chart"><canvas id="chart-latency"></canvas></div></section>
  <section><h2>Per node</h2><div class="chart"><canvas id="chart-nodes"></canvas></div></section>
  <section><h2>Errors</h2><div class="chart"><canvas id="chart-errors"></canvas></div></section>
</div>
<h2>Summary (measured phase; warm-up excluded)</h2>
${table(model)}
<p class="meta">Latency is measured from the intended start of each call (open loop: its place in the schedule); percentiles come from HDR histograms added across nodes, never averaged.</p>
<script type="application/json" id="report-data">${scriptJson(model)}</script>
<script>${chartJsSource()}</script>
<script>${CHARTS_SCRIPT}</script>
</body>
</html>
`;
}
