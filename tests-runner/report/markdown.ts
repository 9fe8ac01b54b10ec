/** The summary as Markdown, for CI logs and pull requests: a pure function of the report model. */
import type { ReportModel } from './model';
import { ms, num, percent, SUMMARY_HEADER, summaryFigures } from './private/format';

const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
const escape = (text: string): string => text.replace(/[|\\`*_<>]/g, (c) => `\\${c}`);

export function renderMarkdown(model: ReportModel): string {
  const out: string[] = [];
  out.push(
    `## Load test \`${model.runId}\`${model.interrupted ? ' — interrupted, partial results' : ''}`,
  );
  out.push('');
  out.push(`Target: ${escape(model.target)}  `);
  out.push(`Nodes: ${model.nodes.map((n) => `${n.index} (${escape(n.name)})`).join(', ')}  `);
  out.push(`From ${model.startedAt} to ${model.finishedAt}`);
  out.push('');
  out.push(row(SUMMARY_HEADER));
  out.push(row(SUMMARY_HEADER.map((_, i) => (i < 2 ? '---' : '---:'))));
  for (const w of model.workloads) {
    for (const o of w.operations) {
      out.push(
        row([
          w.status === 'completed' ? w.name : `${w.name} (${w.status})`,
          o.operation,
          ...summaryFigures(o),
        ]),
      );
    }
  }
  out.push('');
  const settings = model.workloads.map((w) => {
    const mode =
      w.mode === 'open' ? `open loop ${num(w.rateOpsPerSec ?? 0)} calls/s` : 'closed loop';
    return `- **${w.name}**: ${mode}, concurrency ${w.concurrency}, bulk ${w.bulkSize}, measured ${w.measuredSec.toFixed(1)} s, warm-up ${w.warmup.seconds.toFixed(1)} s (${num(w.warmup.calls)} calls, excluded)${
      Object.keys(w.errorsByKind).length
        ? `; errors: ${Object.entries(w.errorsByKind)
            .map(([k, n]) => `${escape(k)} ${num(n)}`)
            .join(', ')}`
        : ''
    }`;
  });
  out.push(...settings);
  if (model.nodes.length > 1) {
    out.push('', row(['workload', 'node', 'ops/s', 'p50 ms', 'p99 ms', 'errors', 'client CPU']));
    out.push(row(['---', '---:', '---:', '---:', '---:', '---:', '---:']));
    for (const w of model.workloads) {
      for (const n of w.nodes) {
        out.push(
          row([
            w.name,
            String(n.node),
            num(n.throughputOpsPerSec),
            ms(n.latencyP50Ms),
            ms(n.latencyP99Ms),
            num(n.errors),
            percent(100 * n.cpuCoreFraction),
          ]),
        );
      }
    }
  }
  out.push(
    '',
    'Latency is measured from the intended start of each call; percentiles come from HDR histograms merged across nodes.',
  );
  return `${out.join('\n')}\n`;
}
