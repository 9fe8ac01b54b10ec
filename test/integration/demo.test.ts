import { existsSync } from 'node:fs';

import { runCli } from '../support/cli';
import { processesUnder, suiteDir } from '../support/services';

describe('testbed demo (the README main command)', () => {
  it('starts Cassandra, runs the four original workloads against the driver target, reports, and stops everything', async () => {
    const dir = suiteDir('demo');
    const result = await runCli(['demo', '--duration', '1'], {
      env: { ...process.env, TESTBED_RUN_DIR: dir },
      timeoutMs: 300_000,
    });
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/✓ Cassandra 127\.0\.\d+\.1:9042 ready in/);
    expect(result.stdout).toContain('== driver target ==');
    for (const [workload, op] of [
      ['WRITE', 'write'],
      ['BULK_WRITE', 'bulkWrite'],
      ['READ', 'read'],
      ['BULK_READ', 'bulkRead'],
    ]) {
      // ops/s above zero; errors and retries 0 (every read is verified)
      expect(result.stdout).toMatch(new RegExp(`^${workload} +${op} +[1-9][\\d,]* .* 0 +0$`, 'm'));
    }
    const report = /^Report: +(\S+report\.html)$/m.exec(result.stdout)?.[1];
    expect(report && existsSync(report)).toBe(true);
    expect(processesUnder(dir)).toEqual([]);
  });
});
