/**
 * The Ganglia section of a run's HTML report, from a snapshot index (`graphs.json`): the saved
 * PNGs (relative links, so the report works from S3 after the bed is gone), links to their data,
 * the live views (valid while the bed runs) and the graphs that are missing, with the reason.
 */
import type { GraphSnapshot } from './snapshot';

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** An HTML fragment; `dir` is the snapshot's path relative to the report (e.g. `ganglia/`). */
export function renderGraphsHtml(snapshot: GraphSnapshot, dir: string): string {
  const base = dir.replace(/\/?$/, '/');
  const graphs = snapshot.graphs.map(
    (g) =>
      `<figure><img src="${esc(base + g.png)}" alt="${esc(g.title)}"><figcaption>${esc(g.title)} — data: <a href="${esc(base + g.csv)}">CSV</a>, <a href="${esc(base + g.json)}">JSON</a></figcaption></figure>`,
  );
  const missing = snapshot.missing.map((m) => `<li>${esc(m.title)}: ${esc(m.reason)}</li>`);
  const views = snapshot.views.map((v) => `<a href="${esc(v.url)}">${esc(v.name)}</a>`);
  return [
    '<section class="ganglia"><h2>Ganglia</h2>',
    `<p>Live views (while the bed runs): ${views.join(', ')}</p>`,
    ...graphs,
    missing.length ? `<p>Graphs missing:</p><ul>${missing.join('')}</ul>` : '',
    '</section>',
  ].join('\n');
}
