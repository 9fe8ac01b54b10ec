import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';

import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

import { loadTestConfigSchema } from '../../tests-runner/config/schema';
import { runLoadTest } from '../../tests-runner/engine/run';
import { jsonSchemas } from '../../tests-runner/json-schemas';
import { readResults } from '../../tests-runner/results/read-results';
import type { LoadTestResult } from '../../tests-runner/results/schema';

const RESULT_SCHEMA = path.join(
  __dirname,
  '../../tests-runner/results/load-test-result.schema.json',
);

describe('results format', () => {
  let result: LoadTestResult;
  beforeAll(async () => {
    const config = loadTestConfigSchema.parse({
      target: 'noop',
      workloads: 'all',
      warmupSeconds: 0.3,
      durationSeconds: 0.6,
      concurrency: 2,
      bulkSize: 5,
    });
    result = await runLoadTest(config);
  });

  it('a run result validates against the committed JSON Schema (checked by Ajv, independently of zod)', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(RESULT_SCHEMA, 'utf8')) as object);
    const valid = validate(JSON.parse(JSON.stringify(result)));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(result.workloads.map((w) => w.name)).toEqual([
      'WRITE',
      'BULK_WRITE',
      'READ',
      'BULK_READ',
      'MIXED',
      'DELETE',
      'BULK_DELETE',
    ]);
    // The schema is not vacuous: a result with a percentile missing fails it.
    const broken = JSON.parse(JSON.stringify(result)) as {
      workloads: { measured: { operations: { write: { latency: Record<string, unknown> } } } }[];
    };
    delete broken.workloads[0]!.measured.operations.write.latency.p99Ms;
    expect(validate(broken)).toBe(false);
  });

  it('keeps warm-up and measured phases apart, with wall-clock aligned series', () => {
    const write = result.workloads[0]!;
    expect(write.warmup.operations.write!.calls).toBeGreaterThan(0);
    expect(write.measured.operations.write!.calls).toBeGreaterThan(0);
    const series = write.measured.operations.write!.series;
    expect(series.startEpochSec).toBe(Math.floor(write.measured.startedAtEpochMs / 1000));
    expect(series.callsPerSec.reduce((a, b) => a + b, 0)).toBe(
      write.measured.operations.write!.calls,
    );
    const cpu = (n: { cpuUserMs: number; cpuSystemMs: number }): number =>
      n.cpuUserMs + n.cpuSystemMs;
    expect(cpu(write.measured.nodes[0]!)).toBeGreaterThan(0);
    // Each phase has its own CPU figure: the warm-up's fits in its own 0.3 s on this machine's
    // cores (the bound a process cannot exceed, whatever else runs: GC and JIT threads count too),
    // which the whole workload's 0.9 s of work would not.
    const warm = write.warmup.nodes[0]!;
    expect(cpu(warm)).toBeLessThanOrEqual(warm.durationMs * availableParallelism() + 50);
  });

  it('the committed JSON Schemas are the ones the zod schemas emit (run npm run schemas after a change)', () => {
    for (const { file, text } of jsonSchemas())
      expect([file, readFileSync(file, 'utf8')]).toEqual([file, text]);
  });

  it('readResults accepts a written result and rejects other files with the reason', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'results-'));
    const good = path.join(dir, 'node-0.json');
    writeFileSync(good, JSON.stringify(result));
    expect(readResults(good).runId).toBe(result.runId);
    const wrongVersion = path.join(dir, 'v9.json');
    writeFileSync(wrongVersion, JSON.stringify({ ...result, version: 9 }));
    expect(() => readResults(wrongVersion)).toThrow(
      /results format version 9; this testbed reads version 1/,
    );
    const other = path.join(dir, 'other.json');
    writeFileSync(other, '{"hello": 1}');
    expect(() => readResults(other)).toThrow(/is not a load-test results file/);
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, JSON.stringify({ ...result, nodes: [] }));
    expect(() => readResults(broken)).toThrow(/does not match the results schema:\n {2}- nodes: /);
  });
});
