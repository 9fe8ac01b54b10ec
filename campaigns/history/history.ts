import { HistoryError } from '../errors';
import { RUN_RECORD_FORMAT, runRecordSchema, type RunRecord } from './record';
import type { HistoryStore } from './store';

/**
 * History layout (same in a directory and under an S3 prefix):
 *   <campaign>/runs/<night>/<cell>/<repetition>.json   one {@link RunRecord} per run, valid or not
 *   <campaign>/nights/<night>/verdict.json               the gate's results of that night
 *   <campaign>/report.html, <campaign>/report.md         the latest trend report
 *   <campaign>/reports/<night>/<cell>/<repetition>/<loadTest>.html|md   each run's own reports
 */
export const historyKeys = {
  run: (r: Pick<RunRecord, 'campaign' | 'night' | 'cell' | 'repetition'>) =>
    `${r.campaign}/runs/${r.night}/${r.cell}/${r.repetition}.json`,
  runs: (campaign: string) => `${campaign}/runs/`,
  verdict: (campaign: string, night: string) => `${campaign}/nights/${night}/verdict.json`,
  reportHtml: (campaign: string) => `${campaign}/report.html`,
  /** A run's own load-test report (HTML), kept beside the trend report that links to it. */
  runReport: (
    r: Pick<RunRecord, 'campaign' | 'night' | 'cell' | 'repetition'>,
    loadTest: string,
    ext: 'html' | 'md',
  ) => `${r.campaign}/reports/${r.night}/${r.cell}/${r.repetition}/${loadTest}.${ext}`,
  reportMarkdown: (campaign: string) => `${campaign}/report.md`,
};

/** Appends one run to the history (validated first: a malformed record is a bug, not data). */
export async function appendRun(store: HistoryStore, record: RunRecord): Promise<void> {
  const checked = runRecordSchema.parse(record);
  await store.put(historyKeys.run(checked), `${JSON.stringify(checked, null, 2)}\n`);
}

/** Every run of a campaign, oldest night first, then by cell and repetition. */
export async function readRuns(store: HistoryStore, campaign: string): Promise<RunRecord[]> {
  const keys = (await store.list(historyKeys.runs(campaign))).filter((k) => k.endsWith('.json'));
  const runs: RunRecord[] = [];
  for (const key of keys) {
    const text = await store.get(key);
    if (text === undefined) continue;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new HistoryError(
        `${store.description}/${key}: not JSON (${(error as Error).message})`,
        {
          hint: 'Move the file out of the history or restore it; runs are never guessed.',
        },
      );
    }
    const parsed = runRecordSchema.safeParse(json);
    if (!parsed.success) {
      throw new HistoryError(
        `${store.description}/${key}: not a ${RUN_RECORD_FORMAT} v1 record: ${parsed.error.issues
          .map((i) => `${i.path.join('.')}: ${i.message}`)
          .join('; ')}`,
        { hint: 'Move the file out of the history or restore it; runs are never guessed.' },
      );
    }
    runs.push(parsed.data);
  }
  return runs.sort(
    (a, b) =>
      a.night.localeCompare(b.night) || a.cell.localeCompare(b.cell) || a.repetition - b.repetition,
  );
}

/** Valid values of one metric of one cell, oldest first, with their night (invalid runs are left out). */
export function metricSeries(
  runs: readonly RunRecord[],
  cell: string,
  metric: string,
): { night: string; value: number }[] {
  return runs
    .filter((r) => r.cell === cell && r.valid && Number.isFinite(r.metrics[metric]))
    .map((r) => ({ night: r.night, value: r.metrics[metric] ?? Number.NaN }));
}
