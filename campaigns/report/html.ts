import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { NightVerdict } from '../night';
import { nightMarkdown } from './markdown';
import { TREND_SCRIPT } from './private/trend-script';

let chartJs: string | undefined;
function chartJsSource(): string {
  chartJs ??= readFileSync(
    path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js'),
    'utf8',
  );
  return chartJs;
}

const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');
const escape = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/**
 * The campaign's trend page: the night's gate table, then one chart per cell × metric with every
 * night's runs, the nightly median, change points and tonight's verdict; links to run reports.
 * Self-contained (chart.js inlined), a pure function of the verdict.
 */
export function trendHtml(v: NightVerdict): string {
  const title = `Campaign ${v.campaign} — ${v.night}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #222; }
  table { border-collapse: collapse; font-size: 0.9rem; } td, th { border: 1px solid #ccc; padding: 0.25rem 0.5rem; }
  tr.regression td { background: #fdd; } .chart { position: relative; height: 260px; max-width: 900px; }
  pre { background: #f6f6f6; padding: 0.5rem; }
</style></head>
<body>
<h1>${escape(title)}</h1>
<p id="headline">${v.regressions > 0 ? `${v.regressions} confirmed regression(s)` : 'No regression'}</p>
<section><h2>Tonight's gate</h2><div id="gate-table"></div></section>
<section><h2>History per cell and metric</h2><div id="charts"></div></section>
<section><h2>Markdown summary</h2><pre>${escape(nightMarkdown(v))}</pre></section>
<script type="application/json" id="verdict-data">${scriptJson(v)}</script>
<script>${chartJsSource()}</script>
<script>${TREND_SCRIPT}</script>
</body></html>
`;
}
