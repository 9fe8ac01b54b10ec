/**
 * `testbed campaign run --local`: the {@link RunCell} of the local test bed. A cell's bed comes up
 * from its resolved bed spec (the campaign's base bed with the cell's overrides); later runs of the
 * same cell, and runs of cells whose overrides touch only the tests, are new runs on the live bed
 * (`LocalBed.rerun`), so a night brings up one bed per distinct set of services. A bed's first run
 * warms Cassandra's JIT and caches and is not recorded. A run that fails, times out or is cut
 * short is recorded invalid and its bed is torn down (the next run gets a fresh one, and the
 * failed bed's logs are kept); every bed is torn down by {@link LocalCampaignBeds.close}.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';

import { nodeId } from '../bed/s3-layout';
import { servicesKey } from '../bed/services';
import type { LoopbackBlock } from '../local/ports';
import { LocalBed } from '../local/bed/local-bed';
import { checkLocalSpec } from '../local/bed/layout';
import { bedRunMetrics } from './bed-run-metrics';
import { CampaignRunError } from './errors';
import { historyKeys } from './history/history';
import type { HistoryStore } from './history/store';
import type { CellRunOutcome, CellRunRequest } from './runner';
import type { CampaignCell, LoadedCampaign } from './spec/load-spec';

/** Properties of {@link LocalCampaignBeds}. */
export interface LocalCampaignBedsProps {
  readonly campaign: LoadedCampaign;
  /** Where each run's own reports are kept (beside the trend report that links to them). */
  readonly store: HistoryStore;
  /** Directory of the beds: one subdirectory per bed brought up (S3 data, node logs). */
  readonly dir: string;
  readonly block: LoopbackBlock;
  /** Variables the nodes get (PATH, JAVA_HOME, …). */
  readonly variables: NodeJS.ProcessEnv;
  readonly log: (line: string) => void;
  /** Versions recorded with every run besides the bed's own (node, the project). */
  readonly versions?: Readonly<Record<string, string>>;
}

interface LiveBed {
  readonly key: string;
  readonly bed: LocalBed;
  readonly dir: string;
  /** A run of it was invalid: keep its directory (logs) after it is down. */
  keepDir: boolean;
}

/** The local beds of one campaign night, one at a time. */
export class LocalCampaignBeds {
  private live: LiveBed | undefined;
  private bedsUp = 0;

  constructor(readonly props: LocalCampaignBedsProps) {
    // Refuse what the local bed cannot run before anything starts (exit code 2).
    for (const cell of props.campaign.cells) {
      checkLocalSpec(cell.bed.spec, `${cell.bed.file} (cell ${cell.name})`);
    }
  }

  /** Cells that can share a bed: the same services. Give it to the runner's `groupOf`. */
  readonly groupOf = (cell: CampaignCell): string => servicesKey(cell.bed.spec);

  /** One repetition of one cell on the local bed. */
  readonly runCell = async (request: CellRunRequest): Promise<CellRunOutcome> => {
    const { cell, signal } = request;
    const spec = cell.bed.spec;
    const t = spec.timeouts;
    const runMs = (t.barrierSeconds + t.runSeconds + t.resultsSeconds) * 1000;
    let live = this.live;
    if (live?.key !== this.groupOf(cell)) {
      await this.close();
      live = await this.bringUp(cell, signal);
    }
    const runId = await live.bed.rerun(cell.bed);
    const outcome = await this.guard(live, () =>
      live.bed.waitForOutcome(runId, { timeoutMs: runMs, signal }),
    );
    await this.quiet(live.bed, runId, spec.nodes.tests);
    const loadTests = cell.bed.loadTests.map((l) => l.name);
    const result = await this.guard(live, () =>
      bedRunMetrics(live.bed.bucket, live.bed.layout.run(runId), outcome, {
        loadTests,
        testNodes: spec.nodes.tests,
      }),
    );
    if (!result.valid) {
      live.keepDir = true;
      await this.close();
      return result;
    }
    let reportLink: string | undefined;
    for (const [name, keys] of Object.entries(outcome.reports)) {
      for (const ext of ['html', 'md'] as const) {
        const text = await live.bed.bucket.getText(keys[ext]);
        if (text === undefined) continue;
        const key = historyKeys.runReport({ ...request, cell: cell.name }, name, ext);
        await this.props.store.put(key, text);
        // Relative to the trend report, <campaign>/report.html.
        if (ext === 'html') reportLink ??= key.slice(request.campaign.length + 1);
      }
    }
    return {
      ...result,
      ...(reportLink ? { reportLink } : {}),
      environment: {
        versions: {
          ...this.props.versions,
          cassandra: spec.versions.cassandra,
          jdk: String(spec.versions.jdk),
          ...(spec.nodes.ignite > 0
            ? { ignite: spec.versions.ignite, igniteStore: spec.ignite.store }
            : {}),
        },
      },
    };
  };

  /** Tears the live bed down (bounded); its directory goes too unless one of its runs failed. */
  async close(): Promise<void> {
    const live = this.live;
    if (!live) return;
    this.live = undefined;
    this.props.log(`Tearing bed ${live.dir} down…`);
    await live.bed.down();
    if (!live.keepDir) rmSync(live.dir, { recursive: true, force: true });
    else this.props.log(`Kept the logs of the bed with a failed run: ${live.dir}/nodes`);
  }

  /** The next run starts on a quiet machine: this run's test nodes exit after DONE (bounded). */
  private async quiet(bed: LocalBed, runId: string, testNodes: number): Promise<void> {
    await Promise.all(
      Array.from({ length: testNodes }, async (_, i) => {
        const proc = bed.nodeProcess(nodeId('tests', i), runId);
        if (proc && !(await proc.waitForExit(30_000))) await proc.stop(5_000);
      }),
    );
  }

  /** Any failure of a run makes its bed suspect: tear it down, keep its logs, rethrow. */
  private async guard<T>(live: LiveBed, step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      live.keepDir = true;
      await this.close();
      throw error;
    }
  }

  private async bringUp(cell: CampaignCell, signal: AbortSignal): Promise<LiveBed> {
    const { props } = this;
    const dir = path.join(props.dir, `bed-${++this.bedsUp}`);
    rmSync(dir, { recursive: true, force: true });
    props.log(`Bringing a bed up for ${cell.name} in ${dir} …`);
    const up = await LocalBed.up({
      loaded: cell.bed,
      dir,
      block: props.block,
      log: props.log,
      variables: props.variables,
    });
    const live: LiveBed = { key: this.groupOf(cell), bed: up.bed, dir, keepDir: false };
    this.live = live;
    // The warm-up run: the services start under it, and its figures (a cold JVM) are not kept.
    const t = cell.bed.spec.timeouts;
    const outcome = await this.guard(live, () =>
      up.bed.waitForOutcome(up.runId, {
        timeoutMs:
          (t.cassandraReadySeconds +
            t.igniteReadySeconds +
            t.barrierSeconds +
            t.runSeconds +
            t.resultsSeconds) *
          1000,
        signal,
      }),
    );
    if (outcome.outcome === 'FAILED') {
      live.keepDir = true;
      await this.close();
      throw new CampaignRunError(`the bed's warm-up run FAILED: ${outcome.reason}`);
    }
    await this.quiet(up.bed, up.runId, cell.bed.spec.nodes.tests);
    props.log(`Bed up; warm-up run ${up.runId} done`);
    return live;
  }
}
