/**
 * ganglia-web views (JSON files `view_<name>.json` in the views directory, picked up on the next
 * request): one per part of a bed, each an aggregate graph per key graph across the hosts of the
 * role's cluster, plus the cluster's default load report.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { KEY_GRAPHS, type KeyGraph, type MetricGroup } from '../catalog';

/** The views a bed gets, and the metric groups each draws. */
export const VIEWS: Readonly<Record<string, readonly MetricGroup[]>> = {
  loadtest: ['loadtest'],
  cassandra: ['cassandra'],
  ignite: ['ignite', 'sidecar'],
};

/** `^cassandra-[0-9]+$`: the hosts of a cluster by their stable names. */
export function hostRegex(graph: Pick<KeyGraph, 'cluster'>): string {
  return `^${graph.cluster}-[0-9]+$`;
}

/** The view document ganglia-web 3.7 reads. */
export function viewDocument(name: string): Record<string, unknown> {
  const groups = VIEWS[name] ?? [];
  const graphs = KEY_GRAPHS.filter((g) => groups.includes(g.group));
  return {
    view_name: name,
    view_type: 'standard',
    default_size: 'large',
    items: graphs.map((g) => ({
      aggregate_graph: 'true',
      host_regex: [{ regex: hostRegex(g) }],
      metric_regex: [{ regex: `^(${g.metricRegex})$` }],
      graph_type: 'line',
      vertical_label: g.unit,
      title: g.title,
      glegend: 'show',
    })),
  };
}

/** Writes every view into `viewsDir`; returns the files. */
export function writeViews(viewsDir: string): string[] {
  return Object.keys(VIEWS).map((name) => {
    const file = path.join(viewsDir, `view_${name}.json`);
    writeFileSync(file, `${JSON.stringify(viewDocument(name), null, 2)}\n`);
    return file;
  });
}
