/** The plain-text summary printed at the end of a run: a pure function of the report model. */
import type { ReportModel } from './model';
import { columns, ms, num, percent, SUMMARY_HEADER, summaryFigures } from './private/format';

export function renderText(model: ReportModel): string {
  const lines: string[] = [];
  const nodes =
    model.nodes.length === 1 ? `node ${model.nodes[0]?.index ?? 0}` : `${model.nodes.length} nodes`;
  lines.push(
    `Load test ${model.runId}${model.interrupted ? ' (INTERRUPTED: partial results)' : ''}`,
  );
  lines.push(`Target: ${model.target}; ${nodes}`);
  lines.push('');
  const rows: string[][] = [[...SUMMARY_HEADER]];
  for (const w of model.workloads) {
    if (w.operations.length === 0) rows.push([w.name, ...SUMMARY_HEADER.slice(1).map(() => '-')]);
    for (const o of w.operations) rows.push([w.name, o.operation, ...summaryFigures(o)]);
  }
  lines.push(...columns(rows));
  lines.push('');
  for (const w of model.workloads) {
    const mode =
      w.mode === 'open'
        ? `open loop at ${num(w.rateOpsPerSec ?? 0)} calls/s, window ${w.concurrency}`
        : `closed loop, ${w.concurrency} workers`;
    const bulk = w.operations.some((o) => o.operation.startsWith('bulk'))
      ? `, bulk ${w.bulkSize}`
      : '';
    const status =
      w.status === 'completed' ? '' : ` [${w.status}${w.failure ? `: ${w.failure}` : ''}]`;
    lines.push(
      `${w.name}${status}: ${mode}${bulk}; measured ${w.measuredSec.toFixed(1)} s, warm-up ${w.warmup.seconds.toFixed(1)} s (${num(w.warmup.calls)} calls, ${num(w.warmup.errors)} errors, not counted above)`,
    );
    const kinds = Object.entries(w.errorsByKind);
    if (kinds.length)
      lines.push(`  errors by kind: ${kinds.map(([k, n]) => `${k} ${num(n)}`).join(', ')}`);
    const misses = w.operations.reduce((a, o) => a + o.misses, 0);
    if (misses) lines.push(`  reads that found no value: ${num(misses)}`);
    for (const o of w.operations) {
      if (o.serviceTime) {
        lines.push(
          `  ${o.operation} service time (from the actual send, as a closed loop would report): p50 ${ms(o.serviceTime.p50Ms)} ms, p99 ${ms(o.serviceTime.p99Ms)} ms, max ${ms(o.serviceTime.maxMs)} ms`,
        );
      }
    }
    for (const n of w.nodes) {
      lines.push(
        `  node ${n.node}: client CPU ${percent(100 * n.cpuCoreFraction)} of a core, RSS max ${num(n.rssMaxMiB)} MiB`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
