/**
 * bench:ganglia — what Ganglia costs a bed, on loopback with the real daemons:
 *   1. time from a node gmond's start to the node in gmetad, and from a metric's first publication
 *      to its first non-NaN point in graph.php;
 *   2. load-test throughput with publishing on vs off (noop target, closed loop), alternated
 *      A B A B in one run, medians and their ratio;
 *   3. CPU and memory (RSS) of gmond, gmetad and Apache over the rounds.
 * Prints one `RESULT {json}` line. Options: --rounds N (default 4), --seconds S per round (10).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { reportError, UsageError } from '../common/errors';
import { allocateLoopbackBlock, isPortFree, runDir } from '../local';
import { LocalGanglia } from '../monitoring/ganglia-daemons';
import {
  countPoints,
  DEFAULT_COLLECTOR_PORTS,
  GangliaLoadTestPublisher,
  GmetricSender,
  graphSeries,
} from '../monitoring';
import { loadTestConfigSchema } from '../tests-runner/config/schema';
import { runLoadTest } from '../tests-runner/engine/run';
import { liveMetrics, publishTo, type MetricsPublisher } from '../tests-runner/metrics/publisher';

const CLOCK_TICKS = 100;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 1) throw new UsageError(`--${name} takes a whole number ≥ 1`);
  return v;
}

/** CPU seconds and RSS (MiB) of a process and its children (Apache's workers). */
function usage(pid: number): { cpuSec: number; rssMiB: number } {
  const all = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  const tree = new Set([pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const d of all) {
      const p = Number(d);
      if (tree.has(p)) continue;
      try {
        const ppid = Number(readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
        if (tree.has(ppid)) {
          tree.add(p);
          grew = true;
        }
      } catch {
        // exited meanwhile
      }
    }
  }
  let cpu = 0;
  let rss = 0;
  for (const p of tree) {
    try {
      const f = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      cpu += (Number(f[11]) + Number(f[12])) / CLOCK_TICKS;
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      rss += Number(m?.[1] ?? 0) / 1024;
    } catch {
      // exited meanwhile
    }
  }
  return { cpuSec: cpu, rssMiB: rss };
}

async function throughput(
  publishers: readonly MetricsPublisher[],
  seconds: number,
): Promise<number> {
  const fan = publishTo(publishers, () => undefined);
  const r = await runLoadTest(
    loadTestConfigSchema.parse({
      target: 'noop',
      workloads: ['WRITE'],
      warmupSeconds: 1,
      durationSeconds: seconds,
      concurrency: 8,
      bulkSize: 1,
    }),
    {
      onSample: (s) => {
        fan.publish(s);
      },
    },
  );
  await fan.close();
  const w = r.workloads[0];
  const calls = Object.values(w?.measured.operations ?? {}).reduce((a, s) => a + s.calls, 0);
  return calls / seconds;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2
    ? (s[m] ?? Number.NaN)
    : ((s[m - 1] ?? Number.NaN) + (s[m] ?? Number.NaN)) / 2;
};

async function main(): Promise<void> {
  const rounds = option('rounds', 4);
  const seconds = option('seconds', 10);
  const block = allocateLoopbackBlock();
  let ganglia: LocalGanglia | undefined;
  try {
    const address = block.address(1);
    let webPort = 18080;
    while (!(await isPortFree(address, webPort))) webPort++;
    ganglia = await LocalGanglia.start({
      dir: path.join(runDir(), 'bench', `ganglia-${process.pid}`),
      address,
      webPort,
    });
    const node = { cluster: 'tests', index: 0, address: block.address(2) } as const;
    const target = { address, port: DEFAULT_COLLECTOR_PORTS.tests };
    const host = { name: 'tests-0', address: node.address };

    // 1. Node start → in gmetad; first publication → first non-NaN point.
    const t0 = Date.now();
    await ganglia.startNodeGmond(node);
    await ganglia.waitForGmetad('tests-0 in gmetad', (s) =>
      s.some((c) => c.hosts.some((h) => h.name === 'tests-0')),
    );
    const nodeInGmetadMs = Date.now() - t0;
    const probe = new GmetricSender({ targets: [target], host });
    const t1 = Date.now();
    let firstPointMs = Number.NaN;
    const g = ganglia;
    for (let i = 0; i < 60 && Number.isNaN(firstPointMs); i++) {
      probe.publish([{ name: 'bench.probe', value: 1, type: 'uint32', units: '', group: 'bench' }]);
      const now = Math.floor(Date.now() / 1000);
      try {
        const series = await graphSeries(
          g.url,
          { kind: 'host', cluster: 'tests', host: 'tests-0', metric: 'bench.probe' },
          { startSec: now - 60, endSec: now + 10 },
        );
        if (countPoints(series) > 0) firstPointMs = Date.now() - t1;
      } catch {
        // no RRD yet: graph.php fails until gmetad created it
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    probe.close();

    // The cost of one publication (every live metric of a workload, metadata included) measured
    // directly: robust where throughput ratios drown in the noise of a shared machine.
    const costly = new GangliaLoadTestPublisher({
      targets: [target],
      host,
      intervalMs: 0,
      maxPendingSends: 1_000_000,
    });
    const sample = {
      workload: 'WRITE',
      phase: 'measured',
      timestampMs: 0,
      elapsedSec: 1,
      plannedSec: 2,
      throughputOpsPerSec: 1,
      throughputEntriesPerSec: 1,
      latencyP50Ms: 1,
      latencyP99Ms: 1,
      errorsPerSec: 0,
      calls: 1,
      errors: 0,
      inFlight: 1,
    } as const;
    const publications = 2_000;
    const c0 = process.cpuUsage();
    for (let i = 0; i < publications; i++) {
      costly.redeclare();
      costly.publish({ ...sample, timestampMs: i }, liveMetrics(sample));
    }
    await new Promise((r) => setTimeout(r, 500));
    const c1 = process.cpuUsage(c0);
    costly.close();
    const cpuMicrosPerPublication = (c1.user + c1.system) / publications;

    // 2 + 3. A (off) B (on) alternated.
    const daemons = (): { name: string; cpuSec: number; rssMiB: number }[] =>
      g.pids.map((p) => ({ name: p.name, ...usage(p.pid) }));
    const before = daemons();
    const off: number[] = [];
    const on: number[] = [];
    for (let r = 0; r < rounds; r++) {
      off.push(await throughput([], seconds));
      const publisher = new GangliaLoadTestPublisher({ targets: [target], host });
      on.push(await throughput([publisher], seconds));
      publisher.close();
      process.stderr.write(
        `round ${r + 1}/${rounds}: off ${(off.at(-1) ?? 0).toFixed(0)} calls/s, on ${(on.at(-1) ?? 0).toFixed(0)} calls/s\n`,
      );
    }
    const after = daemons();
    const wallSec = rounds * 2 * (seconds + 1);
    const result = {
      version: 1,
      bench: 'ganglia',
      nodeInGmetadMs,
      firstPointMs,
      cpuMicrosPerPublication,
      // The runner publishes each workload at most once per 5 s by default.
      cpuSharePerWorkload: cpuMicrosPerPublication / 5e6,
      throughputOpsPerSec: {
        off: median(off),
        on: median(on),
        ratioOnOff: median(on) / median(off),
        rounds: { off, on },
      },
      daemons: after.map((a) => {
        const b = before.find((x) => x.name === a.name);
        return {
          name: a.name,
          cpuPercent: (100 * (a.cpuSec - (b?.cpuSec ?? 0))) / wallSec,
          rssMiB: Math.round(a.rssMiB),
        };
      }),
    };
    process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
  } finally {
    await ganglia?.stop();
    block.release();
  }
}

main().catch((error: unknown) => {
  process.exitCode = reportError(error);
});
