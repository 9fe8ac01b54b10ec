import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';

import { BedSpecError, parseBedSpec, type LoadedBedSpec } from '../../bed';
import { UsageError } from '../../common/errors';
import { explainIssue, readConfigSource } from '../../tests-runner/config/load-config';
import type { ConfigSource } from '../../tests-runner/config/source';
import { WORKLOADS } from '../../tests-runner/operations';
import { CampaignSpecError } from '../errors';
import { campaignSpecSchema, type CampaignSpec, type GatedMetric } from './schema';

/** One cell of the matrix: its name, the overrides that make it, and its validated bed spec. */
export interface CampaignCell {
  readonly name: string;
  readonly bed: LoadedBedSpec;
  /** sha256 of the resolved bed spec (JSON, keys sorted): two runs compare only if this matches. */
  readonly specHash: string;
}

/** A campaign spec with every cell resolved and validated. */
export interface LoadedCampaign {
  readonly file: string;
  readonly spec: CampaignSpec;
  readonly cells: readonly CampaignCell[];
  /** The gated metrics (the spec's, or throughput and p99 of every workload). */
  readonly metrics: readonly GatedMetric[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Objects merge key by key; anything else (lists included) replaces. */
function deepMerge(base: unknown, patch: unknown): unknown {
  if (!isObject(base) || !isObject(patch)) return structuredClone(patch);
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = deepMerge(base[k], v);
  return out;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (isObject(value)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical(value[k])]),
    );
  }
  return value;
}

/** sha256 (hex) of a value's canonical JSON. */
export function specHash(value: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(canonical(value)))
    .digest('hex');
}

/** Every combination of one value per axis, in spec order. */
function combinations(
  spec: CampaignSpec,
): { name: string; picks: { axis: string; index: number }[] }[] {
  let out: { name: string; picks: { axis: string; index: number }[] }[] = [{ name: '', picks: [] }];
  for (const [axis, values] of Object.entries(spec.matrix)) {
    out = out.flatMap((c) =>
      values.map((v, index) => ({
        name: c.name ? `${c.name}+${v.name}` : v.name,
        picks: [...c.picks, { axis, index }],
      })),
    );
  }
  return out.map((c) => ({ ...c, name: c.name || 'base' }));
}

/** Validates a campaign spec already read into `source` (see {@link loadCampaignSpec}). */
export function parseCampaignSpec(file: string, source: ConfigSource): LoadedCampaign {
  if (!source.readable) throw new CampaignSpecError(source.errors.join('\n'), { file });
  const result = campaignSpecSchema.safeParse(source.raw);
  if (!result.success || source.errors.length > 0) {
    const problems = [
      ...source.errors,
      ...(result.success
        ? []
        : result.error.issues.map((issue) => {
            const p = explainIssue(issue, source.raw, campaignSpecSchema);
            return `${source.locate(p.path)}: ${p.path.map(String).join('.') || '(top level)'}: ${p.text}`;
          })),
    ];
    throw new CampaignSpecError(
      `invalid campaign spec:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      {},
      'campaigns/campaign-spec.schema.json and examples/campaigns/ describe every setting.',
    );
  }
  const spec = result.data;
  const bedFile = path.resolve(path.dirname(path.resolve(file)), spec.bed);
  if (!existsSync(bedFile)) {
    throw new CampaignSpecError(
      `bed ${bedFile} does not exist (paths are relative to the campaign spec)`,
      {
        file: source.locate(['bed']),
        path: 'bed',
      },
    );
  }
  const bedSource = readConfigSource(bedFile);
  if (!bedSource.readable) throw new BedSpecError(bedSource.errors, bedFile);
  const cells = combinations(spec).map(({ name, picks }): CampaignCell => {
    let raw: unknown = bedSource.raw;
    let loadTestPatch: unknown = {};
    for (const { axis, index } of picks) {
      const value = spec.matrix[axis]?.[index];
      if (!value) throw new Error(`matrix axis ${axis} has no value ${index} (a bug)`);
      raw = deepMerge(raw, value.overrides);
      loadTestPatch = deepMerge(loadTestPatch, value.loadTestOverrides);
    }
    if (isObject(raw) && isObject(raw.tests) && Array.isArray(raw.tests.loadTests)) {
      raw = {
        ...raw,
        tests: {
          ...raw.tests,
          loadTests: raw.tests.loadTests.map((lt: unknown) =>
            isObject(lt) && isObject(lt.config)
              ? { ...lt, config: deepMerge(lt.config, loadTestPatch) }
              : lt,
          ),
        },
      };
    }
    const where = picks.map(({ axis, index }) => source.locate(['matrix', axis, index])).join(', ');
    try {
      const bed = parseBedSpec(bedFile, { ...bedSource, raw: raw as Json, errors: [] });
      return { name, bed, specHash: specHash(bed.spec) };
    } catch (error) {
      if (!(error instanceof BedSpecError)) throw error;
      throw new CampaignSpecError(
        `cell '${name}' (overrides at ${where || 'none'}) makes an invalid bed spec:\n${error.problems.map((p) => `  - ${p}`).join('\n')}`,
        { file: path.resolve(file) },
        'Fix the overrides of that cell, or the base bed spec.',
      );
    }
  });
  const [firstCell] = cells;
  if (!firstCell) throw new Error('a campaign always has a cell (a bug)');
  const first = firstCell.bed;
  const metrics =
    spec.metrics ??
    first.loadTests.flatMap((lt) =>
      (lt.config.workloads === 'all' ? WORKLOADS : lt.config.workloads).flatMap((workload) =>
        (['throughputOpsPerSec', 'latencyP99Ms'] as const).map((metric) => ({
          loadTest: lt.name,
          workload,
          metric,
        })),
      ),
    );
  return { file: path.resolve(file), spec, cells, metrics };
}

/** Reads and validates a campaign spec and every cell's bed spec; exit code 2 on any problem. */
export function loadCampaignSpec(file: string): LoadedCampaign {
  if (!existsSync(file)) {
    throw new UsageError(`The campaign spec ${file} does not exist.`, {
      hint: 'See examples/campaigns/ for specs to start from.',
    });
  }
  return parseCampaignSpec(file, readConfigSource(file));
}

/** The key of a gated metric in a run's metrics: `<loadTest>/<workload>/<metric>`. */
export function metricKey(m: GatedMetric): string {
  return `${m.loadTest}/${m.workload}/${m.metric}`;
}
