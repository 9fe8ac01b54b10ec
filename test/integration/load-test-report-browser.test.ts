import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import type { Browser } from 'playwright-core';

import { mergeResults } from '../../tests-runner/results/merge';
import { writeReports } from '../../tests-runner/report/write-reports';
import { launchChromium } from '../support/browser';
import { latencies, nodeResult } from '../support/load-test-fixtures';

/** The HTML report rendered from fixture results, opened in headless Chromium (Debian's package). */
describe('HTML report in a browser', () => {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('draws every chart without console errors, and fetches nothing', async () => {
    const nodes = [0, 1, 2].map((node) =>
      nodeResult(node, [
        {
          name: 'WRITE',
          ops: {
            write: {
              latenciesNs: latencies(2_000, node + 1),
              startEpochSec: 100 + node,
              callsPerSec: [500, 700, 800],
            },
          },
        },
        {
          name: 'MIXED',
          ops: {
            read: {
              latenciesNs: latencies(900, node + 10),
              startEpochSec: 110,
              callsPerSec: [300, 300, 300],
              errorsByKind: { 'read-timeout': node },
            },
            write: {
              latenciesNs: latencies(100, node + 20),
              startEpochSec: 110,
              callsPerSec: [30, 30, 40],
              errorsByKind: { unavailable: 1 },
            },
          },
        },
      ]),
    );
    const merged = mergeResults(nodes.map((result, i) => ({ file: `node-${i}.json`, result })));
    const { html } = writeReports(merged, mkdtempSync(path.join(tmpdir(), 'report-')));

    if (!browser) throw new Error('no browser');
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    await page.goto(pathToFileURL(html).href);
    // Browser-side code as text: the project compiles without the DOM library.
    await page.waitForFunction('window.__report && window.__report.ready === true', undefined, {
      timeout: 15_000,
    });
    const drawn = await page.evaluate<
      { id: string; width: number; painted: number }[]
    >(`[...document.querySelectorAll('canvas')].map((canvas) => {
      const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
      return { id: canvas.id, width: canvas.width, painted };
    })`);
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    expect(drawn.map((c) => c.id)).toEqual([
      'chart-throughput',
      'chart-latency',
      'chart-nodes',
      'chart-errors',
    ]);
    for (const c of drawn) {
      expect(c.width).toBeGreaterThan(100);
      // Axes, labels and data: a drawn chart paints a good share of its pixels.
      expect(c.painted).toBeGreaterThan(1000);
    }
    expect(await page.evaluate('window.__report.charts')).toBe(4);
    expect(await page.textContent('table')).toContain('MIXED');
    await page.close();
  });
});
