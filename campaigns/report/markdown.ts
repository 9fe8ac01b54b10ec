import type { NightVerdict } from '../night';
import { pct, plainPct, pv } from './format';

/** The night's verdict as Markdown for CI logs and notifications; a pure function of the verdict. */
export function nightMarkdown(v: NightVerdict): string {
  const lines: string[] = [];
  const head =
    v.regressions > 0 ? `❌ ${v.regressions} confirmed regression(s)` : '✅ no regression';
  lines.push(`# Campaign ${v.campaign}, night ${v.night}: ${head}`, '');
  lines.push(
    '| cell | metric | verdict | change (median) | p | q (BH) | CoV baseline | CoV tonight | detectable (90% power) | runs tonight / baseline |',
    '|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const g of v.gate) {
    lines.push(
      `| ${g.cell} | ${g.metric} | ${g.verdict === 'regression' ? '**REGRESSION**' : g.verdict} | ${pct(g.relativeChange)} | ${pv(g.pValue)} | ${pv(g.qValue)} | ${plainPct(g.baselineCoV, 2)} | ${plainPct(g.tonightCoV, 2)} | ${plainPct(g.detectableChange)} | ${g.tonight.length} / ${g.baseline.length} |`,
    );
  }
  const notes = v.gate.filter((g) => g.note);
  if (notes.length > 0) {
    lines.push('', ...notes.map((g) => `- ${g.cell} ${g.metric}: ${g.note ?? ''}`));
  }
  if (v.invalidRuns.length > 0) {
    lines.push('', '## Invalid runs (recorded, never compared)', '');
    for (const r of v.invalidRuns) lines.push(`- ${r.cell} #${r.repetition}: ${r.reason}`);
  }
  const withPoints = v.trends.filter((t) => t.changePoints.length > 0);
  if (withPoints.length > 0) {
    lines.push('', '## Change points over the history (e-divisive, t-test)', '');
    for (const t of withPoints) {
      for (const c of t.changePoints) {
        lines.push(
          `- ${t.cell} ${t.metric}: from ${c.night}, ${pct(c.relativeChange)} (p ${pv(c.pValue)})`,
        );
      }
    }
  }
  lines.push(
    '',
    `Gate: ${v.gate[0]?.test ?? 'permutation'} test, one-sided toward worse, Benjamini–Hochberg across the night's ${v.gate.length} metric(s). The CoV bounds what can be detected.`,
  );
  return `${lines.join('\n')}\n`;
}
