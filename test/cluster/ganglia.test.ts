import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { allocateLoopbackBlock, isPortFree, type LoopbackBlock } from '../../local';
import { LocalGanglia } from '../../monitoring/ganglia-daemons';
import {
  countPoints,
  DEFAULT_COLLECTOR_PORTS,
  GangliaLoadTestPublisher,
  GmetricSender,
  graphSeries,
  hostName,
  instanceFiles,
  KEY_GRAPHS,
  missingGangliaPackages,
  saveGraphSnapshot,
  viewUrl,
  type GangliaNode,
} from '../../monitoring';
import { launchChromium } from '../support/browser';
import { measuredCounts, publishedLoadTest } from '../support/ganglia-load-test';
import { suiteDir, testRoot } from '../support/services';

const missing = missingGangliaPackages();
if (missing.length) {
  // CI installs the packages (see README); elsewhere the suite says what to install.
  console.warn(`Ganglia suite skipped: install ${missing.join(' ')} (apt-get install -y ...)`);
}
const describeGanglia = missing.length ? describe.skip : describe;

async function freeWebPort(address: string): Promise<number> {
  for (let p = 18080; p < 18180; p++) if (await isPortFree(address, p)) return p;
  throw new Error('no free port for ganglia-web');
}

/** PHP errors Apache logged after byte `from` (PHP 8's warnings about old code are not errors). */
function phpErrors(errorLog: string, from = 0): string[] {
  return readFileSync(errorLog)
    .subarray(from)
    .toString('utf8')
    .split('\n')
    .filter((l) => /PHP (Fatal|Parse) error|Uncaught/.test(l));
}

describeGanglia('Ganglia on loopback (gmond per node, gmetad, ganglia-web)', () => {
  const dir = suiteDir('ganglia');
  const artifacts = path.join(testRoot(), 'artifacts');
  let block: LoopbackBlock;
  let ganglia: LocalGanglia;
  let nodes: GangliaNode[];
  const windowStart = Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    block = allocateLoopbackBlock();
    const address = block.address(1);
    ganglia = await LocalGanglia.start({
      dir,
      address,
      webPort: await freeWebPort(address),
      pollSec: 5,
    });
    nodes = [
      { cluster: 'tests', index: 0, address: block.address(2) },
      { cluster: 'cassandra', index: 0, address: block.address(3) },
      { cluster: 'ignite', index: 0, address: block.address(4) },
    ];
    mkdirSync(artifacts, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    // Unset when beforeAll failed half-way.
    await (ganglia as LocalGanglia | undefined)?.stop();
    (block as LoopbackBlock | undefined)?.release();
  }, 60_000);

  it('shows every node under its role cluster in gmetad', async () => {
    const started = Date.now();
    for (const n of nodes) await ganglia.startNodeGmond(n);
    await ganglia.waitForGmetad('every node in gmetad under its cluster', (state) =>
      nodes.every((n) =>
        state.find((c) => c.name === n.cluster)?.hosts.some((h) => h.name === hostName(n)),
      ),
    );
    process.stderr.write(
      `ganglia: nodes in gmetad ${Date.now() - started} ms after their gmond started\n`,
    );
  }, 60_000);

  it('keeps custom metrics of a live load test and of each metric group (non-NaN points)', async () => {
    const tests = nodes[0]!;
    const publisher = new GangliaLoadTestPublisher({
      targets: [{ address: ganglia.endpoints.address, port: DEFAULT_COLLECTOR_PORTS.tests }],
      host: { name: hostName(tests), address: tests.address },
      intervalMs: 2_000,
    });
    // The Cassandra, Ignite and sidecar groups as their collectors publish them (names from the catalog).
    const others = nodes.slice(1).map(
      (n) =>
        new GmetricSender({
          targets: [
            { address: ganglia.endpoints.address, port: DEFAULT_COLLECTOR_PORTS[n.cluster] },
          ],
          host: { name: hostName(n), address: n.address },
        }),
    );
    const result = await publishedLoadTest([publisher], {
      seconds: 20,
      rate: 500,
      onSample: () => {
        others[0]!.publish([
          {
            name: 'cassandra.writes_per_sec',
            value: 400 + Math.random() * 50,
            type: 'float',
            units: 'writes/s',
            group: 'cassandra',
          },
          {
            name: 'cassandra.pending_compactions',
            value: 1,
            type: 'uint32',
            units: 'tasks',
            group: 'cassandra',
          },
        ]);
        others[1]!.publish([
          {
            name: 'ignite.puts_per_sec',
            value: 300 + Math.random() * 50,
            type: 'float',
            units: 'ops/s',
            group: 'ignite',
          },
          {
            name: 'sidecar.calls_per_sec.writeall',
            value: 30,
            type: 'float',
            units: 'calls/s',
            group: 'sidecar',
          },
        ]);
      },
    });
    publisher.close();
    for (const o of others) o.close();
    expect(measuredCounts(result)[0]).toMatchObject({ status: 'completed', errors: 0 });
    expect(publisher.stats).toMatchObject({ dropped: 0, errors: 0 });
    const window = { startSec: windowStart, endSec: Math.floor(Date.now() / 1000) + 10 };
    // gmetad writes the last poll's values within a step: wait (bounded) for the points.
    for (const [cluster, host, metric] of [
      ['tests', 'tests-0', 'testbed.write.ops_per_sec'],
      ['tests', 'tests-0', 'testbed.write.latency_p99_ms'],
      ['cassandra', 'cassandra-0', 'cassandra.writes_per_sec'],
      ['ignite', 'ignite-0', 'ignite.puts_per_sec'],
      ['ignite', 'ignite-0', 'sidecar.calls_per_sec.writeall'],
    ] as const) {
      const series = await graphSeries(
        ganglia.url,
        { kind: 'host', cluster, host, metric },
        window,
      );
      expect([metric, countPoints(series) > 0]).toEqual([metric, true]);
    }
    const snapshot = await saveGraphSnapshot(ganglia.url, window, path.join(dir, 'snapshot'));
    const saved = snapshot.graphs.map((g) => g.id);
    expect(saved).toEqual(
      expect.arrayContaining([
        'loadtest-throughput',
        'cassandra-rates',
        'ignite-cache-ops',
        'sidecar-calls',
      ]),
    );
    // Graphs nobody published are reported missing with a reason, not dropped.
    expect(saved.length + snapshot.missing.length).toBe(KEY_GRAPHS.length);
    const png = readFileSync(path.join(dir, 'snapshot', 'loadtest-throughput.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  }, 120_000);

  it('renders the three views in Chromium with no PHP error', async () => {
    // From here on: the views only (graph.php's JSON export of a graph without series answers 500,
    // which the snapshot above reports as a missing graph).
    const errorLog = instanceFiles(path.join(dir, 'web')).errorLog;
    const logFrom = readFileSync(errorLog).length;
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const window = { startSec: windowStart, endSec: Math.floor(Date.now() / 1000) };
      for (const view of ['loadtest', 'cassandra', 'ignite']) {
        const response = await page.goto(viewUrl(ganglia.url, view, window), {
          waitUntil: 'networkidle',
        });
        expect(response?.status()).toBe(200);
        const text = await page.locator('body').innerText();
        expect(text).not.toMatch(/Fatal error|Parse error|Warning:|Notice:/);
        // Every graph image of the view loaded (a broken image has no natural width).
        const images = await page
          .locator('img[src*="graph.php"]')
          .evaluateAll((imgs) =>
            imgs.map((i) => (i as unknown as { naturalWidth: number }).naturalWidth),
          );
        expect(images.length).toBeGreaterThan(0);
        await page.screenshot({
          path: path.join(artifacts, `ganglia-view-${view}.png`),
          fullPage: true,
        });
      }
    } finally {
      await browser.close();
    }
    expect(phpErrors(errorLog, logFrom)).toEqual([]);
  }, 120_000);

  it('finishes a load test with the same results when gmond is unreachable or killed mid-run', async () => {
    const run = async (
      kind: 'off' | 'unreachable' | 'killed',
    ): Promise<ReturnType<typeof measuredCounts>> => {
      const tests = nodes[0]!;
      const publisher =
        kind === 'off'
          ? undefined
          : new GangliaLoadTestPublisher({
              // Port 9 on an unused loopback address: nothing listens.
              targets: [
                kind === 'unreachable'
                  ? { address: block.address(200), port: 9 }
                  : { address: ganglia.endpoints.address, port: DEFAULT_COLLECTOR_PORTS.tests },
              ],
              host: { name: hostName(tests), address: tests.address },
              intervalMs: 500,
            });
      let killed = false;
      const result = await publishedLoadTest(publisher ? [publisher] : [], {
        seconds: 6,
        rate: 400,
        onSample: async (elapsed) => {
          if (kind === 'killed' && !killed && elapsed > 3) {
            killed = true;
            await ganglia.stopNodeGmond('tests-0', 'kill');
            await ganglia.stopCollector('tests', 'kill');
          }
        },
      });
      publisher?.close();
      return measuredCounts(result);
    };
    const off = await run('off');
    const unreachable = await run('unreachable');
    const killed = await run('killed');
    for (const r of [unreachable, killed]) {
      expect(r.map((w) => [w.workload, w.status, w.errors])).toEqual(
        off.map((w) => [w.workload, w.status, w.errors]),
      );
      // An open loop at a fixed rate: the same calls, give or take the last tick.
      expect(Math.abs(r[0]!.calls - off[0]!.calls)).toBeLessThanOrEqual(off[0]!.calls * 0.01);
    }
  }, 120_000);
});
