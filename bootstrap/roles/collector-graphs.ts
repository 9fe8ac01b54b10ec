/**
 * The run's Ganglia graphs, kept with its report (dashboards that survive teardown): the
 * collector saves the key graphs of the run's window as PNG, JSON and CSV under
 * `report/ganglia/` and the report's HTML shows them; graphs that cannot be saved are named with
 * the reason. Monitoring never fails the run: every problem ends up as a missing graph.
 */
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { errorMessage } from '../../common/errors';
import {
  KEY_GRAPHS,
  saveGraphSnapshot,
  viewUrl,
  VIEWS,
  type GraphSnapshot,
} from '../../monitoring';
import type { RoleContext } from '../shared/context';
import { readStatuses } from '../shared/status';
import type { GangliaRecord } from './ganglia';

/** A snapshot in which every key graph is missing for `reason`. */
function allMissing(window: GraphSnapshot['window'], reason: string, url?: string): GraphSnapshot {
  return {
    version: 1,
    window,
    views: url ? Object.keys(VIEWS).map((name) => ({ name, url: viewUrl(url, name, window) })) : [],
    graphs: [],
    missing: KEY_GRAPHS.map((g) => ({ id: g.id, title: g.title, reason })),
  };
}

/**
 * Saves the key graphs from `window.startSec` to now; undefined when the bed has no Ganglia node.
 * Waits one gmetad step first, so the run's last values are in the RRDs.
 */
export async function saveRunGraphs(
  ctx: RoleContext,
  window: { readonly startSec: number },
): Promise<GraphSnapshot | undefined> {
  if (ctx.bed.addresses.ganglia.length === 0) return undefined;
  const record = (await ctx.bucket.getJson(ctx.servicesRun.ganglia).catch(() => undefined)) as
    GangliaRecord | undefined;
  if (!record) {
    const status = (await readStatuses(ctx.bucket, ctx.servicesRun).catch(() => [])).find(
      (s) => s.role === 'ganglia',
    );
    const why = status ? `${status.phase}: ${status.message}` : 'no status at all';
    return allMissing(
      { startSec: window.startSec, endSec: Math.floor(Date.now() / 1000) },
      `the Ganglia node never became ready (${why})`,
    );
  }
  await sleep((record.pollSec + 1) * 1000, undefined, { signal: ctx.signal }).catch(
    () => undefined,
  );
  const full = { startSec: window.startSec, endSec: Math.floor(Date.now() / 1000) };
  const dir = path.join(ctx.identity.workDir, 'report', 'ganglia');
  try {
    return await saveGraphSnapshot(record.url, full, dir, {
      put: (name, _body, type) =>
        ctx.bucket.putFile(ctx.run.reportGraph(name), path.join(dir, name), type),
    });
  } catch (error) {
    return allMissing(full, `ganglia-web at ${record.url}: ${errorMessage(error)}`, record.url);
  }
}
