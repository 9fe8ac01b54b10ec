import * as fs from 'node:fs';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { loadBedSpec } from '../../bed';
import type { GangliaRecord } from '../../bootstrap/roles/ganglia';
import { allocateLoopbackBlock, type LoopbackBlock } from '../../local';
import { LocalBed } from '../../local/bed/local-bed';
import {
  countPoints,
  graphSeries,
  missingGangliaPackages,
  readGanglia,
  viewUrl,
  type GraphSnapshot,
} from '../../monitoring';
import { launchChromium } from '../support/browser';
import { processesUnder, suiteDir, testRoot } from '../support/services';

const root = path.resolve(__dirname, '../..');
const missing = missingGangliaPackages();
const describeGanglia = missing.length ? describe.skip : describe;

/** One Cassandra, one Ignite (TS store), one test node and the Ganglia node; a short Ignite test. */
function writeSpec(dir: string): string {
  mkdirSync(dir, { recursive: true });
  cpSync(path.join(root, 'examples', 'descriptors'), path.join(dir, 'descriptors'), {
    recursive: true,
  });
  const file = path.join(dir, 'ganglia-bed.yaml');
  writeFileSync(
    file,
    `name: ganglia-bed
nodes: { cassandra: 1, ignite: 1, tests: 1, ganglia: 1 }
cassandra: { heapMiB: 512 }
ignite:
  heapMiB: 384
  dataRegionMiB: 128
  caches:
    - name: longs
      descriptor: descriptors/ignite-longs.xml
tests:
  heapMiB: 256
  loadTests:
    - name: ignite
      config:
        target: ignite
        workloads: [WRITE, READ]
        warmupSeconds: 1
        durationSeconds: 9
        concurrency: 4
        keys: { perWorker: 300 }
        ignite: { cache: longs }
        persistenceSettings: descriptors/ignite-longs.xml
timeouts: { cassandraReadySeconds: 180, igniteReadySeconds: 180, barrierSeconds: 60, runSeconds: 120, resultsSeconds: 30 }
`,
  );
  return file;
}

/** Resident memory (MiB) and CPU seconds of processes whose command line mentions `needle`. */
function footprint(needle: string, what: RegExp): { rssMiB: number; cpuSec: number; n: number } {
  let rss = 0;
  let ticks = 0;
  let n = 0;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      if (!cmd.includes(needle) || !what.test(cmd)) continue;
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      ticks += Number(stat[11]) + Number(stat[12]);
      rss += Number(/^VmRSS:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
      n++;
    } catch {
      continue; // exited meanwhile
    }
  }
  return { rssMiB: Math.round(rss / 1024), cpuSec: ticks / 100, n };
}

describeGanglia(
  'a local bed with Ganglia on (gmond per node, gmetad, ganglia-web, graphs kept)',
  () => {
    const dir = suiteDir('ganglia-bed');
    const artifacts = path.join(testRoot(), 'artifacts');
    let block: LoopbackBlock;

    beforeAll(() => {
      block = allocateLoopbackBlock();
      mkdirSync(artifacts, { recursive: true });
    });
    afterAll(() => {
      block.release();
      expect(processesUnder(dir)).toEqual([]);
    });

    it('monitors every node under its role cluster, keeps the run’s graphs with its report and renders the views', async () => {
      const { bed, runId } = await LocalBed.up({
        loaded: loadBedSpec(writeSpec(path.join(dir, 'spec'))),
        dir: path.join(dir, 'bed'),
        block,
        log: () => undefined,
        variables: process.env,
      });
      try {
        expect(bed.gangliaUrl).toBe(`http://${block.address(61)}:8080/ganglia/`);
        const outcome = await bed.waitForOutcome(runId, { timeoutMs: 300_000 });
        expect(outcome).toMatchObject({ outcome: 'DONE', missingNodes: [] });
        const statuses = await bed.statuses(runId);
        expect(statuses.find((s) => s.node === 'ganglia-0')?.message).toBe(
          `dashboard ${bed.gangliaUrl}`,
        );
        const record = (await bed.bucket.getJson(bed.layout.run(runId).ganglia)) as GangliaRecord;
        const url = record.url;

        // Every node in gmetad under its role's cluster.
        const grid = await readGanglia('127.0.0.1', record.gmetadXmlPort, 5_000);
        const hosts = (c: string) => grid.find((x) => x.name === c)?.hosts.map((h) => h.name);
        expect(hosts('cassandra')).toEqual(['cassandra-0']);
        expect(hosts('ignite')).toEqual(['ignite-0']);
        expect(hosts('tests')).toEqual(['tests-0']);
        expect(hosts('ganglia')).toEqual(['ganglia-0']);

        // Each custom metric group has points in the run's window.
        const started = statuses.find((s) => s.node === 'tests-0')?.startedAt ?? '';
        const window = {
          startSec: Math.floor(Date.parse(started) / 1000) - 60,
          endSec: Math.floor(Date.now() / 1000),
        };
        for (const [cluster, host, metric] of [
          ['tests', 'tests-0', 'testbed.write.ops_per_sec'],
          ['tests', 'tests-0', 'testbed.write.in_flight'],
          ['cassandra', 'cassandra-0', 'cassandra.writes_per_sec'],
          ['cassandra', 'cassandra-0', 'cassandra.jvm_rss_mb'],
          ['ignite', 'ignite-0', 'ignite.jvm_rss_mb'],
          ['ignite', 'ignite-0', 'sidecar.in_flight'],
          ['ignite', 'ignite-0', 'load_one'],
        ] as const) {
          const series = await graphSeries(url, { kind: 'host', cluster, host, metric }, window);
          expect([metric, countPoints(series) > 0]).toEqual([metric, true]);
        }
        // From a node's start to its first point on the dashboard (closing-note figure).
        for (const node of ['tests-0', 'cassandra-0', 'ignite-0']) {
          const s = statuses.find((x) => x.node === node);
          const cluster = node.replace(/-\d+$/, '');
          const series = await graphSeries(
            url,
            { kind: 'host', cluster, host: node, metric: 'load_one' },
            window,
          );
          const first = series[0]?.points.find(([v]) => typeof v === 'number')?.[1];
          process.stderr.write(
            `ganglia-bed: ${node} first load_one point ${first === undefined || !s ? '?' : first - Date.parse(s.startedAt) / 1000} s after its start\n`,
          );
        }
        for (const [name, re] of [
          ['gmond', /\/usr\/sbin\/gmond/],
          ['gmetad', /\/usr\/sbin\/gmetad/],
          ['apache', /\/usr\/sbin\/apache2/],
        ] as const) {
          process.stderr.write(
            `ganglia-bed: ${name} ${JSON.stringify(footprint(path.join(dir, 'bed'), re))}\n`,
          );
        }

        // The saved graphs are in the run's report in S3 and the HTML report shows them.
        const run = bed.layout.run(runId);
        const snapshot = (await bed.bucket.getJson(
          run.reportGraph('graphs.json'),
        )) as GraphSnapshot;
        const saved = snapshot.graphs.map((g) => g.id);
        expect(saved).toEqual(
          expect.arrayContaining([
            'loadtest-throughput',
            'loadtest-in-flight',
            'cassandra-rates',
            'cassandra-memory',
            'ignite-memory',
            'sidecar-calls',
          ]),
        );
        const keys = await bed.bucket.list(`${run.prefix}/report/ganglia/`);
        for (const g of snapshot.graphs) {
          expect(keys).toEqual(
            expect.arrayContaining([run.reportGraph(g.png), run.reportGraph(g.csv)]),
          );
        }
        const reports = await bed.fetchReports(runId, outcome, path.join(dir, 'reports'));
        const html = readFileSync(reports.ignite?.html ?? '', 'utf8');
        for (const g of snapshot.graphs) expect(html).toContain(`../ganglia/${g.png}`);
        // Graphs nobody could draw are named with the reason.
        for (const m of snapshot.missing) expect(html).toContain(m.title);

        // The three views render in Chromium with no PHP error; screenshots kept.
        const browser = await launchChromium();
        try {
          const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
          for (const view of ['loadtest', 'cassandra', 'ignite']) {
            const response = await page.goto(viewUrl(url, view, window), {
              waitUntil: 'networkidle',
            });
            expect(response?.status()).toBe(200);
            expect(await page.locator('body').innerText()).not.toMatch(
              /Fatal error|Parse error|Warning:|Notice:/,
            );
            expect(await page.locator('img[src*="graph.php"]').count()).toBeGreaterThan(0);
            await page.screenshot({
              path: path.join(artifacts, `ganglia-bed-view-${view}.png`),
              fullPage: true,
            });
          }
        } finally {
          await browser.close();
        }
      } finally {
        await bed.down();
      }
    }, 420_000);
  },
);
