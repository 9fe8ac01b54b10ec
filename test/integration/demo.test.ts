import { runCli } from '../support/cli';
import { processesUnder, suiteDir } from '../support/services';

describe('testbed demo (the README main command)', () => {
  it('starts Cassandra and Ignite, runs the smoke workload, reports, and stops everything', async () => {
    const dir = suiteDir('demo');
    const result = await runCli(['demo', '--rows', '300'], {
      env: { ...process.env, TESTBED_RUN_DIR: dir },
      timeoutMs: 300_000,
    });
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/✓ Cassandra: read and verified 300 in/);
    expect(result.stdout).toMatch(/✓ Ignite: getAll and verified 300 in/);
    expect(processesUnder(dir)).toEqual([]);
  });
});
