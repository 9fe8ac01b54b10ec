import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import type { Browser } from 'playwright-core';

import { readRuns } from '../../campaigns/history/history';
import { directoryStore } from '../../campaigns/history/store';
import type { NightVerdict } from '../../campaigns/night';
import { launchChromium } from '../support/browser';
import { runCli } from '../support/cli';
import { processesUnder, suiteDir } from '../support/services';

const root = path.join(__dirname, '..', '..');
const descriptor = path.join(root, 'examples', 'descriptors', 'store-longs.xml');

/** The smallest bed that runs the store end to end: one Cassandra node, one test node. */
const BED = `name: campaign-e2e
nodes: { cassandra: 1, ignite: 0, tests: 1 }
cassandra: { replicationFactor: 1, heapMiB: 512 }
tests:
  heapMiB: 256
  loadTests:
    - name: store
      config:
        target: store
        workloads: [WRITE]
        warmupSeconds: 1
        durationSeconds: 2
        concurrency: 2
        keys: { perWorker: 5000 }
        persistenceSettings: ${descriptor}
timeouts: { cassandraReadySeconds: 240, barrierSeconds: 60, runSeconds: 90, resultsSeconds: 60 }
`;

/**
 * Two cells that change only the load test (so one bed serves both), two runs each. The gate
 * looks at throughput only, at α = 0.1: with 4 baseline runs and 2 tonight the smallest one-sided
 * p-value is 1/C(6,2) = 1/15, so the default α = 0.01 would need about 20 baseline runs — more
 * than a test can afford. `thinkTimeMs: 200` is the slowdown of the later night: at most 5 calls/s per worker, a fraction of
 * what the baseline makes even on a busy machine.
 */
const campaign = (thinkTimeMs: number) => `name: e2e
bed: bed.yaml
matrix:
  workers:
    - name: c2
      loadTestOverrides: { concurrency: 2${thinkTimeMs ? `, thinkTimeMs: ${thinkTimeMs}` : ''} }
    - name: c4
      loadTestOverrides: { concurrency: 4${thinkTimeMs ? `, thinkTimeMs: ${thinkTimeMs}` : ''} }
repetitions: 2
metrics:
  - { loadTest: store, workload: WRITE, metric: throughputOpsPerSec }
gate: { baselineRuns: 20, alpha: 0.1, test: permutation }
`;

const THROUGHPUT = 'store/WRITE/throughputOpsPerSec';

/**
 * `testbed campaign run --local` on the real local bed (Cassandra, local S3, the bootstrap scripts):
 * a baseline night, then a night whose cells carry a real slowdown (a 200 ms think time after every
 * call: each worker's throughput falls far below half), which the gate must flag with exit code 3.
 */
describe('testbed campaign run --local (a campaign on the real local bed)', () => {
  const dir = suiteDir('campaign-local');
  const history = path.join(dir, 'history');
  const env = { ...process.env, TESTBED_RUN_DIR: path.join(dir, 'run') };
  let browser: Browser | undefined;

  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'bed.yaml'), BED);
    writeFileSync(path.join(dir, 'baseline.yaml'), campaign(0));
    writeFileSync(path.join(dir, 'slow.yaml'), campaign(200));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('runs 2 cells × repetitions on one bed, writes the history and a trend report that renders', async () => {
    const started = Date.now();
    // Seeds the baseline: 4 runs of each cell instead of the spec's 2.
    const result = await runCli(
      [
        'campaign',
        'run',
        path.join(dir, 'baseline.yaml'),
        '--local',
        '--history',
        history,
        '--repetitions',
        '4',
      ],
      { env, timeoutMs: 240_000 },
    );
    const wallS = (Date.now() - started) / 1000;
    process.stderr.write(`baseline night: ${wallS.toFixed(1)} s\n${result.stderr}\n`);
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(0);
    // One bed for both cells: brought up once.
    expect(result.stderr.match(/Bringing a bed up/g)).toHaveLength(1);

    const runs = await readRuns(directoryStore(history), 'e2e');
    expect(runs).toHaveLength(8);
    for (const r of runs) {
      expect(r.valid).toBe(true);
      expect(r.metrics[THROUGHPUT]).toBeGreaterThan(0);
      expect(r.metrics['store/WRITE/latencyP99Ms']).toBeGreaterThan(0);
      expect(r.environment).toMatchObject({ where: 'local', versions: { cassandra: '5.0.9' } });
      expect(r.environment.gitCommit).toMatch(/^[0-9a-f]{40}(-dirty)?$/);
      expect(r.environment.specHash).toMatch(/^[0-9a-f]{64}$/);
      expect(existsSync(path.join(history, 'e2e', r.reportLink ?? 'none'))).toBe(true);
    }
    expect(new Set(runs.map((r) => r.cell))).toEqual(new Set(['c2', 'c4']));
    const night = runs[0]?.night ?? '';
    const verdict = JSON.parse(
      readFileSync(path.join(history, 'e2e', 'nights', night, 'verdict.json'), 'utf8'),
    ) as NightVerdict;
    expect(verdict.regressions).toBe(0);
    expect(verdict.gate.map((g) => g.verdict)).toEqual([
      'insufficient-baseline',
      'insufficient-baseline',
    ]);

    const page = await (browser as Browser).newPage({ viewport: { width: 1280, height: 1000 } });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(pathToFileURL(path.join(history, 'e2e', 'report.html')).href);
    await page.waitForSelector('body[data-rendered]', { timeout: 15_000 });
    expect(await page.getAttribute('body', 'data-rendered')).toBe('2');
    expect(await page.locator('canvas').count()).toBe(2);
    expect(await page.textContent('#headline')).toBe('No regression');
    // A link to a run's own report opens it.
    const link = page.locator('#charts a').first();
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^reports\//);
    expect(existsSync(path.join(history, 'e2e', href ?? ''))).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
    expect(processesUnder(dir)).toEqual([]);
  }, 260_000);

  it('flags a real slowdown in a later night and exits 3', async () => {
    const started = Date.now();
    const result = await runCli(
      ['campaign', 'run', path.join(dir, 'slow.yaml'), '--local', '--history', history],
      { env, timeoutMs: 200_000 },
    );
    process.stderr.write(
      `slow night: ${((Date.now() - started) / 1000).toFixed(1)} s\n${result.stderr}\n`,
    );
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/2 confirmed regression\(s\) tonight/);

    const runs = await readRuns(directoryStore(history), 'e2e');
    const nights = [...new Set(runs.map((r) => r.night))].sort();
    expect(nights).toHaveLength(2);
    const slow = runs.filter((r) => r.night === nights[1]);
    expect(slow).toHaveLength(4);
    const verdict = JSON.parse(
      readFileSync(path.join(history, 'e2e', 'nights', nights[1] ?? '', 'verdict.json'), 'utf8'),
    ) as NightVerdict;
    for (const g of verdict.gate) {
      expect(g).toMatchObject({ metric: THROUGHPUT, verdict: 'regression' });
      // Far more than half of the throughput is gone: not a timing margin.
      expect(g.relativeChange).toBeLessThan(-0.5);
      expect(g.pValue).toBeCloseTo(1 / 15, 10);
    }
    expect(readFileSync(path.join(history, 'e2e', 'report.md'), 'utf8')).toMatch(/regression/);
    expect(readdirSync(path.join(history, 'e2e', 'reports', nights[1] ?? ''))).toEqual([
      'c2',
      'c4',
    ]);
    expect(processesUnder(dir)).toEqual([]);
  }, 220_000);
});
