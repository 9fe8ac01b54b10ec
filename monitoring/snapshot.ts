/**
 * Dashboards that survive teardown: at the end of a run, the key graphs of the run's window are
 * saved as PNG with their data (JSON and CSV) and an index the report reads. Graphs that cannot be
 * fetched or have no point are listed as missing with the reason, never silently left out.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { errorMessage } from '../common/errors';
import { KEY_GRAPHS, type KeyGraph } from './catalog';
import {
  countPoints,
  graphCsv,
  graphPng,
  graphSeries,
  viewUrl,
  type TimeWindow,
} from './web/graphs';
import { VIEWS } from './web/views';

/** The snapshot index (`graphs.json`): versioned, read by the report. */
export interface GraphSnapshot {
  readonly version: 1;
  readonly window: TimeWindow;
  /** The live views (valid while the bed runs). */
  readonly views: readonly { readonly name: string; readonly url: string }[];
  readonly graphs: readonly {
    readonly id: string;
    readonly title: string;
    readonly png: string;
    readonly json: string;
    readonly csv: string;
    readonly points: number;
  }[];
  readonly missing: readonly {
    readonly id: string;
    readonly title: string;
    readonly reason: string;
  }[];
}

/** Where a snapshot's files go: a directory, and optionally a put function (S3). */
export interface SnapshotSink {
  /** Called for every file written, e.g. to upload it under the run's report prefix. */
  readonly put?: (name: string, body: Buffer | string, contentType: string) => Promise<void>;
}

/**
 * Saves the key graphs (default: all of {@link KEY_GRAPHS}) of `window` from ganglia-web at
 * `baseUrl` into `dir` (PNG, JSON, CSV and `graphs.json`), and hands each file to `sink.put`.
 */
export async function saveGraphSnapshot(
  baseUrl: string,
  window: TimeWindow,
  dir: string,
  sink: SnapshotSink = {},
  graphs: readonly KeyGraph[] = KEY_GRAPHS,
): Promise<GraphSnapshot> {
  mkdirSync(dir, { recursive: true });
  const put = async (name: string, body: Buffer | string, type: string): Promise<void> => {
    writeFileSync(path.join(dir, name), body);
    await sink.put?.(name, body, type);
  };
  const saved: GraphSnapshot['graphs'][number][] = [];
  const missing: GraphSnapshot['missing'][number][] = [];
  for (const g of graphs) {
    const target = { kind: 'aggregate', graph: g } as const;
    try {
      const series = await graphSeries(baseUrl, target, window);
      const points = countPoints(series);
      if (points === 0) {
        missing.push({
          id: g.id,
          title: g.title,
          reason: 'no data point in the window (was it published?)',
        });
        continue;
      }
      const png = await graphPng(baseUrl, target, window);
      const csv = await graphCsv(baseUrl, target, window);
      const files = { png: `${g.id}.png`, json: `${g.id}.json`, csv: `${g.id}.csv` };
      await put(files.png, png, 'image/png');
      await put(files.json, `${JSON.stringify(series)}\n`, 'application/json');
      await put(files.csv, csv, 'text/csv');
      saved.push({ id: g.id, title: g.title, ...files, points });
    } catch (error) {
      missing.push({ id: g.id, title: g.title, reason: errorMessage(error) });
    }
  }
  const snapshot: GraphSnapshot = {
    version: 1,
    window,
    views: Object.keys(VIEWS).map((name) => ({ name, url: viewUrl(baseUrl, name, window) })),
    graphs: saved,
    missing,
  };
  await put('graphs.json', `${JSON.stringify(snapshot, null, 2)}\n`, 'application/json');
  return snapshot;
}
