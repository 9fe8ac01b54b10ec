/**
 * What a bed's service nodes (Cassandra, Ignite) depend on: every part of the spec but the test
 * nodes' settings. Two specs with the same services can share running services — a rerun with
 * other load tests on a live bed — which is how a campaign on the local bed reuses one bed across
 * cells whose overrides touch only the load tests.
 */
import type { BedSpec } from './schema';

type Json = Record<string, unknown>;

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object' && value !== null) {
    const object = value as Json;
    return Object.fromEntries(
      Object.keys(object)
        .sort()
        .map((k) => [k, canonical(object[k])]),
    );
  }
  return value;
}

/**
 * The services part of a spec as canonical JSON: the spec without `tests` (test nodes start anew
 * for every run), `timeouts` (read by each run's nodes) and `description`; node counts stay in. Equal keys mean the
 * services of one can serve the other.
 */
export function servicesKey(spec: BedSpec): string {
  const services: Json = { ...spec };
  delete services.tests;
  delete services.timeouts;
  delete services.description;
  return JSON.stringify(canonical(services));
}
