import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { cliExitCode } from '../../bin/error-exit';
import { CampaignSpecError } from '../../campaigns/errors';
import { CAMPAIGN_SCHEMA_FILE, campaignJsonSchema } from '../../campaigns/spec/json-schema';
import { loadCampaignSpec } from '../../campaigns/spec/load-spec';

const EXAMPLE = path.join(__dirname, '../../examples/campaigns/nightly-local.yaml');
const BED = path.join(__dirname, '../../examples/beds/local-small.yaml');

function specFile(text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'campaign-spec-'));
  const file = path.join(dir, 'campaign.yaml');
  writeFileSync(file, text.replace('BED', BED));
  return file;
}

function problemOf(fn: () => unknown): CampaignSpecError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CampaignSpecError) return error;
    throw error;
  }
  throw new Error('expected a CampaignSpecError');
}

describe('campaign spec', () => {
  it('the example validates: a 2 × 2 matrix of cells with defaults and throughput + p99 per workload', () => {
    const c = loadCampaignSpec(EXAMPLE);
    expect(c.cells.map((x) => x.name)).toEqual([
      'replica+bulk-100',
      'replica+bulk-500',
      'partition+bulk-100',
      'partition+bulk-500',
    ]);
    expect(c.cells[2]!.bed.loadTests.map((l) => l.config.store.bulkGrouping)).toEqual([
      'partition',
      'partition',
    ]);
    expect(c.cells[1]!.bed.loadTests.map((l) => l.config.bulkSize)).toEqual([500, 500]);
    expect(new Set(c.cells.map((x) => x.specHash)).size).toBe(4);
    expect(c.spec.repetitions).toBe(3);
    expect(c.metrics).toContainEqual({
      loadTest: 'ignite',
      workload: 'WRITE',
      metric: 'latencyP99Ms',
    });
    expect(c.metrics).toHaveLength(16);
  });

  it('defaults: one cell named base, 3 repetitions, gate 20 runs at α = 0.01', () => {
    const c = loadCampaignSpec(specFile('name: minimal\nbed: BED\n'));
    expect(c.cells.map((x) => x.name)).toEqual(['base']);
    expect(c.spec.gate).toEqual({ baselineRuns: 20, alpha: 0.01, test: 'permutation' });
  });

  it('fails if a key is unknown or a value is out of range, naming file:line and key (exit 2)', () => {
    const e = problemOf(() =>
      loadCampaignSpec(specFile('name: bad\nbed: BED\nrepetitons: 3\ngate:\n  alpha: 2\n')),
    );
    expect(e.code).toBe('SPEC_INVALID');
    expect(cliExitCode(e)).toBe(2);
    expect(e.message).toMatch(/campaign\.yaml:3.*repetitons/);
    expect(e.message).toMatch(/campaign\.yaml:5.*gate\.alpha/);
  });

  it('fails if the schedule is not a 6-field cron or the time zone is unknown', () => {
    const e = problemOf(() =>
      loadCampaignSpec(
        specFile("name: s\nbed: BED\nschedule:\n  cron: '0 2 * * *'\n  timeZone: Mars/Olympus\n"),
      ),
    );
    expect(e.message).toMatch(/:4.*schedule\.cron.*6 fields/);
    expect(e.message).toMatch(/:5.*schedule\.timeZone.*IANA/);
  });

  it('fails if an override makes an invalid bed spec, naming the cell and where its override is', () => {
    const e = problemOf(() =>
      loadCampaignSpec(
        specFile(
          'name: o\nbed: BED\nmatrix:\n  nodes:\n    - name: one\n      overrides: { nodes: { cassandra: 0 } }\n',
        ),
      ),
    );
    expect(e.message).toMatch(/cell 'one' \(overrides at .*campaign\.yaml:5/);
    expect(e.message).toMatch(/nodes\.cassandra/);
  });

  it('the committed JSON Schema matches the zod schema (regenerate: npx tsx campaigns/spec/json-schema.ts)', () => {
    expect(readFileSync(CAMPAIGN_SCHEMA_FILE, 'utf8')).toBe(campaignJsonSchema());
  });
});
