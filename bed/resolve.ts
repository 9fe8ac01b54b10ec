/**
 * The resolved bed: what the launcher stages as `spec.json` of a run (`TESTBED_SPEC_KEY`). It is
 * the validated spec plus what only the launcher knows — every node's address and the run — and
 * the descriptor files inlined, so nodes need nothing but this object and the staged artifacts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { z } from 'zod';

import type { LoadTestConfig } from '../tests-runner/config/schema';
import type { LoadedBedSpec } from './load-spec';
import type { BedSpec } from './schema';

/** Node addresses per role, index = node index. */
export interface BedAddresses {
  readonly cassandra: readonly string[];
  readonly ignite: readonly string[];
  readonly tests: readonly string[];
  readonly ganglia: readonly string[];
}

/** One load test, its descriptor replaced by the name of an inlined file. */
export interface ResolvedLoadTest {
  readonly name: string;
  /** `persistenceSettings` is a key of {@link ResolvedBed.files} when set. */
  readonly config: LoadTestConfig;
}

export interface ResolvedBed {
  readonly version: 1;
  readonly bedId: string;
  readonly runId: string;
  /** The run whose Cassandra and Ignite nodes serve this run (the first run of the bed). */
  readonly servicesRunId: string;
  readonly spec: BedSpec;
  readonly addresses: BedAddresses;
  readonly loadTests: readonly ResolvedLoadTest[];
  /** Descriptor file name of each cache (a key of {@link ResolvedBed.files}). */
  readonly cacheDescriptors: Readonly<Record<string, string>>;
  /** Inlined files by name (`descriptors/<name>.xml`). */
  readonly files: Readonly<Record<string, string>>;
  /**
   * The bed's hourly price, staged by the cloud launcher (from the spec's instance types and the
   * price snapshot); the collector adds a cost section to each report when it is set.
   * @default - none (a local bed costs nothing)
   */
  readonly price?: { readonly perHourUsd: number; readonly basis: string };
}

/** Loose check of a staged `spec.json` (it is written by our launcher; the version must match). */
export const resolvedBedSchema = z.looseObject({
  version: z.literal(1),
  bedId: z.string(),
  runId: z.string(),
  servicesRunId: z.string(),
});

/** Builds the resolved bed of a run. */
export function resolveBed(
  loaded: LoadedBedSpec,
  run: {
    bedId: string;
    runId: string;
    servicesRunId?: string;
    addresses: BedAddresses;
    price?: ResolvedBed['price'];
  },
): ResolvedBed {
  const files: Record<string, string> = {};
  const names = new Map<string, string>();
  const inline = (file: string): string => {
    const known = names.get(file);
    if (known) return known;
    const base = path.basename(file);
    let name = `descriptors/${base}`;
    for (let n = 2; name in files; n++) name = `descriptors/${n}-${base}`;
    files[name] = readFileSync(file, 'utf8');
    names.set(file, name);
    return name;
  };
  const cacheDescriptors: Record<string, string> = {};
  for (const [cache, file] of loaded.cacheDescriptors) cacheDescriptors[cache] = inline(file);
  const loadTests = loaded.loadTests.map((t) => ({
    name: t.name,
    config: {
      ...t.config,
      persistenceSettings: t.config.persistenceSettings && inline(t.config.persistenceSettings),
    },
  }));
  return {
    version: 1,
    bedId: run.bedId,
    runId: run.runId,
    servicesRunId: run.servicesRunId ?? run.runId,
    spec: loaded.spec,
    addresses: run.addresses,
    loadTests,
    cacheDescriptors,
    files,
    ...(run.price ? { price: run.price } : {}),
  };
}
