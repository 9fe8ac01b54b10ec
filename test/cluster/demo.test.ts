import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { runCli } from '../support/cli';
import { processesUnder, suiteDir } from '../support/services';

/**
 * `npm start`: the local test bed on the small example spec (2 Cassandra, 1 Ignite with the TS
 * store, 2 test nodes, local S3) through the same bootstrap scripts as EC2; every process stopped.
 */
describe('testbed demo (the README main command: the local test bed)', () => {
  it('brings the small bed up, runs both load tests on two test nodes, merges, reports, tears down', async () => {
    const dir = suiteDir('demo');
    const result = await runCli(['demo'], {
      env: { ...process.env, TESTBED_RUN_DIR: dir },
      timeoutMs: 600_000,
    });
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.stdout).toMatch(/✓ DONE 2 load test\(s\) on 2 test node\(s\)/);
    expect(result.code).toBe(0);
    for (const name of ['ignite', 'store']) {
      expect(result.stdout).toContain(`== load test ${name} ==`);
    }
    // Separate results, never a ratio between runs that were not alternated.
    expect(result.stdout).not.toMatch(/×|vs\./);
    const reports = [...result.stdout.matchAll(/^Report: +(\S+report\.html)$/gm)].map(
      (m) => m[1] ?? '',
    );
    expect(reports).toHaveLength(2);
    for (const r of reports) expect(existsSync(r)).toBe(true);
    const index = JSON.parse(
      readFileSync(path.join(path.dirname(path.dirname(reports[0] ?? '')), 'index.json'), 'utf8'),
    ) as {
      loadTests: Record<string, { nodes: number[]; partial: boolean; barrierSkewMs?: number }>;
    };
    expect(index.loadTests.store).toMatchObject({ nodes: [0, 1], partial: false });
    expect(index.loadTests.store?.barrierSkewMs).toBeLessThan(1000);
    expect(processesUnder(dir)).toEqual([]);
  }, 660_000);
});
