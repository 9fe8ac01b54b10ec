/**
 * ganglia-web's graph.php as an API: URLs of host and aggregate graphs for a time window, their
 * data points (`&json=1`, `&csv=1`) and PNG images. Every request is bounded in time.
 */
import { MonitoringError } from '../errors';
import type { KeyGraph } from '../catalog';
import { hostRegex } from './views';

/** A run's time window, epoch seconds. */
export interface TimeWindow {
  readonly startSec: number;
  readonly endSec: number;
}

/** One series of a graph's data: `[value | "NaN", epochSec]` points. */
export interface GraphSeries {
  readonly metric: string;
  readonly host: string;
  readonly points: readonly (readonly [number | 'NaN', number])[];
}

/** What graph.php draws: a metric of one host, or an aggregate graph. */
export type GraphTarget =
  | {
      readonly kind: 'host';
      readonly cluster: string;
      readonly host: string;
      readonly metric: string;
    }
  | { readonly kind: 'aggregate'; readonly graph: KeyGraph };

/** The graph.php URL of `target` over `window` (`format`: png, json or csv). */
export function graphUrl(
  baseUrl: string,
  target: GraphTarget,
  window: TimeWindow,
  format: 'png' | 'json' | 'csv' = 'png',
): string {
  const q = new URLSearchParams();
  if (target.kind === 'host') {
    q.set('c', target.cluster);
    q.set('h', target.host);
    q.set('m', target.metric);
  } else {
    q.set('aggregate', '1');
    q.append('hreg[]', hostRegex(target.graph));
    q.append('mreg[]', `^(${target.graph.metricRegex})$`);
    q.set('gtype', 'line');
    q.set('glegend', 'show');
    q.set('title', target.graph.title);
    q.set('vl', target.graph.unit);
  }
  q.set('cs', String(window.startSec));
  q.set('ce', String(window.endSec));
  q.set('z', 'large');
  if (format !== 'png') q.set(format, '1');
  return `${baseUrl.replace(/\/?$/, '/')}graph.php?${q.toString()}`;
}

async function get(url: string, timeoutMs: number): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new MonitoringError('graph-failed', `ganglia-web did not answer ${url}`, {
      cause: error,
    });
  }
  if (!res.ok)
    throw new MonitoringError('graph-failed', `ganglia-web answered ${res.status} for ${url}`);
  return res;
}

/** The series of a graph (graph.php `&json=1`). */
export async function graphSeries(
  baseUrl: string,
  target: GraphTarget,
  window: TimeWindow,
  timeoutMs = 15_000,
): Promise<GraphSeries[]> {
  const url = graphUrl(baseUrl, target, window, 'json');
  const text = await (await get(url, timeoutMs)).text();
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new MonitoringError(
      'graph-failed',
      `ganglia-web sent no JSON for ${url}: ${text.slice(0, 200)}`,
      {
        cause: error,
      },
    );
  }
  if (!Array.isArray(data)) return [];
  return (data as Record<string, unknown>[]).map((s) => ({
    metric: typeof s.metric_name === 'string' ? s.metric_name.trim() : '',
    host: typeof s.host_name === 'string' ? s.host_name : '',
    points: Array.isArray(s.datapoints) ? (s.datapoints as [number | 'NaN', number][]) : [],
  }));
}

/** Points that hold a number (not NaN) across all series. */
export function countPoints(series: readonly GraphSeries[]): number {
  return series.reduce((n, s) => n + s.points.filter(([v]) => typeof v === 'number').length, 0);
}

/** The PNG of a graph, and the CSV of its data. */
export async function graphPng(
  baseUrl: string,
  target: GraphTarget,
  window: TimeWindow,
  timeoutMs = 15_000,
): Promise<Buffer> {
  const res = await get(graphUrl(baseUrl, target, window, 'png'), timeoutMs);
  const body = Buffer.from(await res.arrayBuffer());
  if (!body.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    throw new MonitoringError(
      'graph-failed',
      `ganglia-web sent no PNG for ${graphUrl(baseUrl, target, window)}`,
    );
  }
  return body;
}

export async function graphCsv(
  baseUrl: string,
  target: GraphTarget,
  window: TimeWindow,
  timeoutMs = 15_000,
): Promise<string> {
  return (await get(graphUrl(baseUrl, target, window, 'csv'), timeoutMs)).text();
}

/** The URL of a view for a window (what the run's report links). */
export function viewUrl(baseUrl: string, view: string, window: TimeWindow): string {
  const q = new URLSearchParams({
    tab: 'v',
    vn: view,
    r: 'custom',
    cs: String(window.startSec),
    ce: String(window.endSec),
  });
  return `${baseUrl.replace(/\/?$/, '/')}?${q.toString()}`;
}
