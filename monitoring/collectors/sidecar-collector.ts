/**
 * The TS store sidecar's figures from its health report (the bridge protocol's HEALTH request):
 * calls per second by kind, calls in flight, errors per second, and Cassandra retries per second
 * when the sidecar reports them.
 */
import { SIDECAR_METRICS } from '../catalog';
import type { GmetricValue } from '../gmetric/sender';

/** What the collector reads from the sidecar's health report. */
export interface SidecarHealth {
  readonly inFlight?: unknown;
  readonly requests?: unknown;
  readonly errors?: unknown;
  readonly retries?: unknown;
}

const finite = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** A poll function over `health` (e.g. `() => new SidecarClient(socket).health()`). */
export function sidecarPoll(health: () => Promise<SidecarHealth>): () => Promise<GmetricValue[]> {
  let last:
    { atMs: number; requests: Record<string, number>; errors: number; retries: number } | undefined;
  return async () => {
    const h = await health();
    const now = Date.now();
    const requests: Record<string, number> = {};
    if (h.requests && typeof h.requests === 'object') {
      for (const [k, v] of Object.entries(h.requests as Record<string, unknown>))
        requests[k.toLowerCase()] = finite(v);
    }
    const errors = finite(h.errors);
    const retries = finite(h.retries);
    const seconds = last ? Math.max((now - last.atMs) / 1000, 0.001) : 0;
    const rate = (n: number, prev: number | undefined): number =>
      prev === undefined || seconds === 0 ? 0 : Math.max(n - prev, 0) / seconds;
    const metrics: GmetricValue[] = Object.entries(requests).map(([kind, n]) => ({
      name: `${SIDECAR_METRICS.callsPrefix}${kind.replace(/[^a-z0-9_]/g, '_')}`,
      value: rate(n, last?.requests[kind]),
      type: 'float',
      units: 'calls/s',
      group: 'sidecar',
    }));
    metrics.push(
      {
        name: SIDECAR_METRICS.inFlight,
        value: finite(h.inFlight),
        type: 'uint32',
        units: 'calls',
        group: 'sidecar',
      },
      {
        name: SIDECAR_METRICS.errors,
        value: rate(errors, last?.errors),
        type: 'float',
        units: 'errors/s',
        group: 'sidecar',
      },
      {
        name: SIDECAR_METRICS.retries,
        value: rate(retries, last?.retries),
        type: 'float',
        units: 'retries/s',
        group: 'sidecar',
      },
    );
    last = { atMs: now, requests, errors, retries };
    return metrics;
  };
}
