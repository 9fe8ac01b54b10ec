import type { LoadTestConfigInput } from '../../tests-runner/config/schema';
import { loadTestResultSchema, type LoadTestResult } from '../../tests-runner/results/schema';
import { harnessClient } from '../../services';
import { shortLoadTest } from '../support/load-test-run';
import { integrationServices } from '../support/services';

/** Short runs against the real Cassandra of the integration setup, through the driver target. */
describe('load test against real Cassandra (driver target)', () => {
  const { cassandra } = integrationServices();

  const run = (settings: Partial<LoadTestConfigInput>) =>
    shortLoadTest('driver', 'it_load', settings);

  const figures = (r: LoadTestResult) =>
    r.workloads.map((w) => {
      const ops = Object.values(w.measured.operations);
      return {
        name: w.name,
        status: w.status,
        callsAboveZero: ops.every((s) => s.calls > 0),
        errors: ops.reduce((a, s) => a + s.errors, 0),
        misses: ops.reduce((a, s) => a + s.misses, 0),
      };
    });

  it('runs the original workloads and MIXED with verified reads: no errors, no misses (Person values)', async () => {
    const result = await run({
      workloads: ['WRITE', 'BULK_WRITE', 'READ', 'BULK_READ', 'MIXED'],
      verifyReads: true,
      values: { generator: 'person' },
    });
    expect(loadTestResultSchema.safeParse(result).success).toBe(true);
    expect(figures(result)).toEqual(
      ['WRITE', 'BULK_WRITE', 'READ', 'BULK_READ', 'MIXED'].map((name) => ({
        name,
        status: 'completed',
        callsAboveZero: true,
        errors: 0,
        misses: 0,
      })),
    );
    const bulkRead = result.workloads[3]!.measured.operations.bulkRead!;
    expect(bulkRead.entries).toBe(bulkRead.calls * 10);
    expect(bulkRead.latency.p50Ms).toBeGreaterThan(0);
  });

  it('deletes what it wrote: reads afterwards find nothing (string keys, random-bytes values)', async () => {
    const base = {
      keys: { perWorker: 50, generator: 'string' as const },
      values: { generator: 'bytes' as const, sizeBytes: 512 },
    };
    const written = await run({
      ...base,
      workloads: ['BULK_WRITE', 'BULK_READ', 'DELETE', 'BULK_DELETE'],
      verifyReads: true,
    });
    expect(figures(written).map((f) => [f.name, f.errors, f.misses])).toEqual([
      ['BULK_WRITE', 0, 0],
      ['BULK_READ', 0, 0],
      ['DELETE', 0, 0],
      ['BULK_DELETE', 0, 0],
    ]);
    const read = await run({ ...base, workloads: ['READ'] });
    const stats = read.workloads[0]!.measured.operations.read!;
    expect(stats.calls).toBeGreaterThan(0);
    expect(stats.misses).toBe(stats.calls);
  });

  it('counts a value that differs as an error of kind value-mismatch', async () => {
    await run({ workloads: ['WRITE'], tableName: 'mismatch' });
    const client = harnessClient(cassandra);
    await client.connect();
    try {
      // Overwrite every key of the 4 workers (indexes 0 … 199) with a wrong value.
      for (let k = 0; k < 200; k++) {
        await client.execute('UPDATE it_load.mismatch SET value = ? WHERE key = ?', [-1, k], {
          prepare: true,
        });
      }
    } finally {
      await client.shutdown();
    }
    const result = await run({ workloads: ['READ'], tableName: 'mismatch', verifyReads: true });
    const read = result.workloads[0]!.measured.operations.read!;
    expect(read.calls).toBe(0);
    expect(read.errors).toBeGreaterThan(0);
    expect(read.errorsByKind).toEqual({ 'value-mismatch': read.errors });
  });

  it('fails to set up with a clear message when Cassandra is not there', async () => {
    await expect(
      run({
        workloads: ['WRITE'],
        cassandra: { contactPoints: ['127.0.0.1:1'], connectTimeoutMs: 2000 },
      }),
    ).rejects.toThrow(/The driver target could not be set up: .*127\.0\.0\.1:1/);
  });
});
