import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { spawnSync } from 'node:child_process';

import type { Browser } from 'playwright-core';

import { readRuns } from '../../campaigns/history/history';
import { directoryStore } from '../../campaigns/history/store';
import { runCampaignNight, type RunCell } from '../../campaigns/runner';
import { loadCampaignSpec } from '../../campaigns/spec/load-spec';
import { seededRng } from '../../campaigns/stats/rng';
import { launchChromium } from '../support/browser';

const BED = path.join(__dirname, '../../examples/beds/local-small.yaml');
const DAY = 86_400_000;

/**
 * A campaign of 2 cells × 3 repetitions over 12 nights through the real runner, history directory
 * and reports; the runs themselves are simulated (1% noise) with a 10% slowdown of one cell's
 * WRITE throughput from night 12 and one interrupted run on night 3.
 */
describe('campaign night: history, gate, trend report', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'campaign-night-'));
  const specPath = path.join(dir, 'campaign.yaml');
  writeFileSync(
    specPath,
    [
      'name: e2e',
      `bed: ${BED}`,
      'matrix:',
      '  store:',
      '    - { name: ts, overrides: { ignite: { store: ts } } }',
      '    - { name: original, overrides: { ignite: { store: original } } }',
      'repetitions: 3',
      'metrics:',
      '  - { loadTest: store, workload: WRITE, metric: throughputOpsPerSec }',
      '  - { loadTest: store, workload: WRITE, metric: latencyP99Ms }',
      '',
    ].join('\n'),
  );
  const campaign = loadCampaignSpec(specPath);
  const store = directoryStore(path.join(dir, 'history'));
  const rng = seededRng(5);
  let nightNumber = 0;
  const runCell: RunCell = ({ cell, repetition }) => {
    if (nightNumber === 3 && cell.name === 'ts' && repetition === 1) {
      return Promise.reject(new Error('spot interruption notice on the tests node'));
    }
    const slow = nightNumber >= 12 && cell.name === 'original' ? 0.9 : 1;
    return Promise.resolve({
      valid: true,
      metrics: {
        'store/WRITE/throughputOpsPerSec': 5000 * slow * (1 + 0.01 * rng.normal()),
        'store/WRITE/latencyP99Ms': 8 * (1 + 0.01 * rng.normal()),
      },
      reportLink: `runs/${nightNumber}/${cell.name}/${repetition}/report.html`,
    });
  };
  const night = (n: number) => {
    nightNumber = n;
    let tick = 0;
    return runCampaignNight({
      campaign,
      store,
      runCell,
      environment: {
        gitCommit: 'abc123',
        versions: { node: process.versions.node },
        where: 'local',
      },
      now: () => new Date(Date.UTC(2026, 10, 1) + n * DAY + 1000 * tick++),
    });
  };

  let browser: Browser | undefined;
  afterAll(async () => {
    await browser?.close();
  });

  it('flags the injected slowdown on the night it happens, in that cell only; invalid runs are kept but never compared', async () => {
    // Nights 8–11 are stationary: 16 tests at α = 0.01 (BH per night). With this seed one p99 of
    // night 8 is a chance false alarm (p = 0.0023, q = 0.009): the rate is α, not zero.
    let falseAlarms = 0;
    for (let n = 1; n <= 11; n++) {
      const { verdict } = await night(n);
      if (n >= 8) falseAlarms += verdict.regressions;
    }
    expect(falseAlarms).toBeLessThanOrEqual(1);
    const { verdict, markdown } = await night(12);
    expect(
      verdict.gate.filter((g) => g.verdict === 'regression').map((g) => [g.cell, g.metric]),
    ).toEqual([['original', 'store/WRITE/throughputOpsPerSec']]);
    const flagged = verdict.gate.find((g) => g.verdict === 'regression')!;
    expect(flagged.relativeChange).toBeLessThan(-0.05);
    expect(flagged.baseline).toHaveLength(20);
    expect(flagged.baselineCoV).toBeGreaterThan(0.003);
    expect(markdown).toMatch(/❌ 1 confirmed regression/);
    expect(markdown).toMatch(
      /\| original \| store\/WRITE\/throughputOpsPerSec \| \*\*REGRESSION\*\*/,
    );

    const runs = await readRuns(store, 'e2e');
    expect(runs).toHaveLength(12 * 2 * 3);
    const invalid = runs.filter((r) => !r.valid);
    expect(invalid).toHaveLength(1);
    expect(invalid[0]!.invalidReason).toMatch(/spot interruption/);
    expect(runs.find((r) => r.cell === 'ts')!.environment.specHash).toBe(
      campaign.cells[0]!.specHash,
    );
  });

  it('renders the trend report in Chromium: a chart per cell × metric, the regression marked', async () => {
    browser = await launchChromium();
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`file://${path.join(dir, 'history/e2e/report.html')}`);
    // Browser-side code as text: the project compiles without the DOM library.
    await page.waitForFunction('document.body.dataset.rendered !== undefined', undefined, {
      timeout: 20_000,
    });
    expect(await page.evaluate('document.body.dataset.rendered')).toBe('4');
    expect(await page.locator('canvas').count()).toBe(4);
    expect(await page.locator('tr.regression').count()).toBe(1);
    expect(await page.locator('#headline').textContent()).toBe('1 confirmed regression(s)');
    const painted = await page.evaluate<
      number[]
    >(`[...document.querySelectorAll('canvas')].map((canvas) => {
      const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
      return painted;
    })`);
    for (const p of painted) expect(p).toBeGreaterThan(1000);
    expect(errors).toEqual([]);
    expect(readFileSync(path.join(dir, 'history/e2e/report.md'), 'utf8')).toMatch(/REGRESSION/);
  });

  it('testbed campaign judge prints the Markdown verdict and exits 3 on the confirmed regression', () => {
    const cli = spawnSync(
      path.join(__dirname, '../../bin/testbed'),
      ['campaign', 'judge', specPath, '--history', path.join(dir, 'history')],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(3);
    expect(cli.stdout).toMatch(
      /Campaign e2e, night 2026-11-13T00-00-00Z: ❌ 1 confirmed regression/,
    );
    const bad = spawnSync(
      path.join(__dirname, '../../bin/testbed'),
      ['campaign', 'judge', specPath, '--history', path.join(dir, 'history'), '--night', 'nope'],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/holds no night nope/);
  });
});
