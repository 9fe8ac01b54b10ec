import { errorMessage } from '../common/errors';
import { appendRun, historyKeys, readRuns } from './history/history';
import { nightId, RUN_RECORD_FORMAT, type RunEnvironment, type RunRecord } from './history/record';
import type { HistoryStore } from './history/store';
import { directionOf, judgeNight, type NightVerdict } from './night';
import { trendHtml } from './report/html';
import { nightMarkdown } from './report/markdown';
import { metricKey, type CampaignCell, type LoadedCampaign } from './spec/load-spec';

/** What the runner asks for: one repetition of one cell. */
export interface CellRunRequest {
  readonly campaign: string;
  readonly night: string;
  readonly cell: CampaignCell;
  readonly repetition: number;
  readonly signal: AbortSignal;
}

/** What one run produced: figures by `<loadTest>/<workload>/<metric>`, or why it is invalid. */
export type CellRunOutcome =
  | {
      readonly valid: true;
      readonly metrics: Readonly<Record<string, number>>;
      readonly reportLink?: string;
      /** Environment facts only the run knows (instance types, AMI, canary figures). */
      readonly environment?: Partial<RunEnvironment>;
    }
  | { readonly valid: false; readonly reason: string };

/**
 * Runs one cell × repetition and returns its figures. The local bed and the cloud differ only
 * here: `--local` brings the local bed up with the cell's bed spec, runs it and reads the
 * summaries; the cloud deploys one bed per cell. Throwing marks the run invalid with the message.
 */
export type RunCell = (request: CellRunRequest) => Promise<CellRunOutcome>;

/** Everything a campaign night needs, injected. */
export interface RunCampaignOptions {
  readonly campaign: LoadedCampaign;
  readonly store: HistoryStore;
  readonly runCell: RunCell;
  /** Facts common to every run of the night (git commit, versions, where). */
  readonly environment: Omit<RunEnvironment, 'specHash'>;
  readonly now?: () => Date;
  readonly log?: (line: string) => void;
  readonly signal?: AbortSignal;
  /** Runs of every cell tonight. @default the spec's `repetitions` */
  readonly repetitions?: number;
  /**
   * Cells of one group run together, one group after the other (repetition-major within a group):
   * the local bed groups the cells that can share one bed, so each bed comes up once a night.
   * @default - one group: repetition-major over all cells
   */
  readonly groupOf?: (cell: CampaignCell) => string;
}

/** The night's order of runs: groups in order of first appearance, repetition-major inside each. */
export function runOrder(
  cells: readonly CampaignCell[],
  repetitions: number,
  groupOf: (cell: CampaignCell) => string = () => '',
): { cell: CampaignCell; repetition: number }[] {
  const groups = new Map<string, CampaignCell[]>();
  for (const cell of cells) {
    const key = groupOf(cell);
    groups.set(key, [...(groups.get(key) ?? []), cell]);
  }
  return [...groups.values()].flatMap((group) =>
    Array.from({ length: repetitions }, (_, repetition) =>
      group.map((cell) => ({ cell, repetition })),
    ).flat(),
  );
}

/** The night's verdict and where its reports went. */
export interface CampaignNightResult {
  readonly verdict: NightVerdict;
  readonly markdown: string;
  readonly reportKey: string;
}

/**
 * One campaign night: every cell × repetition (repetition-major, so a slow hour of the machine
 * spreads over all cells instead of hitting one), each appended to the history as it finishes,
 * valid or not; then the gate and change points over the history, the verdict and the reports.
 */
export async function runCampaignNight(options: RunCampaignOptions): Promise<CampaignNightResult> {
  const { campaign, store, runCell } = options;
  const now = options.now ?? (() => new Date());
  const log = options.log ?? (() => undefined);
  const signal = options.signal ?? new AbortController().signal;
  const name = campaign.spec.name;
  const night = nightId(now());
  const aborted = () =>
    signal.reason instanceof Error ? signal.reason : new Error('campaign aborted');
  const order = runOrder(
    campaign.cells,
    options.repetitions ?? campaign.spec.repetitions,
    options.groupOf,
  );
  for (const { cell, repetition } of order) {
    if (signal.aborted) throw aborted();
    const startedAt = now().toISOString();
    let outcome: CellRunOutcome;
    try {
      outcome = await runCell({ campaign: name, night, cell, repetition, signal });
    } catch (error) {
      outcome = { valid: false, reason: errorMessage(error) };
    }
    const record: RunRecord = {
      format: RUN_RECORD_FORMAT,
      version: 1,
      campaign: name,
      night,
      cell: cell.name,
      repetition,
      startedAt,
      finishedAt: now().toISOString(),
      valid: outcome.valid,
      ...(outcome.valid ? {} : { invalidReason: outcome.reason }),
      metrics: outcome.valid ? { ...outcome.metrics } : {},
      ...(outcome.valid && outcome.reportLink ? { reportLink: outcome.reportLink } : {}),
      environment: {
        instanceTypes: {},
        canary: {},
        ...options.environment,
        ...(outcome.valid ? outcome.environment : {}),
        specHash: cell.specHash,
      },
    };
    await appendRun(store, record);
    const seconds = (Date.parse(record.finishedAt) - Date.parse(startedAt)) / 1000;
    log(
      `${outcome.valid ? '✓' : '✗'} ${cell.name} #${repetition} (${seconds.toFixed(1)} s)${outcome.valid ? '' : `: invalid (${outcome.reason})`}`,
    );
  }
  // A night cut short is recorded (its last run invalid) but never judged.
  if (signal.aborted) throw aborted();
  return judgeAndReport(store, campaign, await readRuns(store, name), night);
}

/**
 * Judges one night of a campaign over its history (the gate and the change points) and writes the
 * verdict and the trend reports (Markdown, HTML) into the history.
 */
export async function judgeAndReport(
  store: HistoryStore,
  campaign: LoadedCampaign,
  runs: readonly RunRecord[],
  night: string,
): Promise<CampaignNightResult> {
  const name = campaign.spec.name;
  const verdict = judgeNight(runs, {
    campaign: name,
    night,
    cells: campaign.cells.map((c) => c.name),
    metrics: campaign.metrics.map((m) => ({ key: metricKey(m), direction: directionOf(m.metric) })),
    gate: campaign.spec.gate,
    changePoints: campaign.spec.changePoints,
  });
  const markdown = nightMarkdown(verdict);
  await store.put(historyKeys.verdict(name, night), `${JSON.stringify(verdict, null, 2)}\n`);
  await store.put(historyKeys.reportMarkdown(name), markdown);
  await store.put(historyKeys.reportHtml(name), trendHtml(verdict));
  return { verdict, markdown, reportKey: historyKeys.reportHtml(name) };
}
