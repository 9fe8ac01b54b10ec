/**
 * Measures how long local services take to become ready and how much memory each JVM peaks at:
 * one Cassandra node (CQL-ready), a 3-node cluster (every node sees every node Up/Normal) and one
 * Ignite node (thin client + topology). Each configuration is started and stopped `--runs` times
 * (default 3); medians are reported, and the last line is `RESULT {json}`.
 *
 *   npm run bench:local [-- --runs 5]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { allocateLoopbackBlock, CassandraCluster, IgniteCluster, runDir } from '../../local';
import { benchArgs, benchFailed, parseBenchOptions, wholeNumber } from '../shared/args';
import { median } from '../shared/cassandra';
import { printResult } from '../shared/result';

interface Sample {
  readyMs: number;
  peakRssMiB: number[];
}

function peakRssMiB(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kb ? Math.round(Number(kb) / 1024) : NaN;
}

async function measure(
  kind: 'cassandra-1' | 'cassandra-3' | 'ignite-1',
  run: number,
): Promise<Sample> {
  const loopback = allocateLoopbackBlock();
  const dir = path.join(runDir(), 'bench', `startup-${kind}-${run}`);
  const log = (): void => undefined;
  const started = Date.now();
  const cluster =
    kind === 'ignite-1'
      ? await IgniteCluster.start({ dir, loopback, log })
      : await CassandraCluster.start({
          dir,
          loopback,
          log,
          fresh: true,
          nodes: kind === 'cassandra-3' ? 3 : 1,
        });
  const readyMs = Date.now() - started;
  const rss = cluster.nodes.map((n) => peakRssMiB(n.pid));
  await cluster.stop(10_000);
  return { readyMs, peakRssMiB: rss };
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const runs = parseBenchOptions(() =>
    wholeNumber('runs', benchArgs({ runs: { type: 'string', default: '3' } }).runs, 1),
  );
  const result: Record<
    string,
    { readyMsMedian: number; readyMs: number[]; peakRssMiBMax: number }
  > = {};
  for (const kind of ['cassandra-1', 'cassandra-3', 'ignite-1'] as const) {
    const samples: Sample[] = [];
    for (let run = 1; run <= runs; run++) {
      const s = await measure(kind, run);
      samples.push(s);
      process.stderr.write(
        `${kind} run ${run}: ready in ${(s.readyMs / 1000).toFixed(1)} s, peak RSS ${s.peakRssMiB.join(' / ')} MiB\n`,
      );
    }
    result[kind] = {
      readyMsMedian: median(samples.map((s) => s.readyMs)),
      readyMs: samples.map((s) => s.readyMs),
      peakRssMiBMax: Math.max(...samples.flatMap((s) => s.peakRssMiB)),
    };
  }
  console.log(
    '\n| configuration | ready (median) | runs | peak RSS per JVM (max) |\n|---|---|---|---|',
  );
  for (const [kind, r] of Object.entries(result)) {
    console.log(
      `| ${kind} | ${(r.readyMsMedian / 1000).toFixed(1)} s | ${r.readyMs.map((ms) => (ms / 1000).toFixed(1)).join(', ')} s | ${r.peakRssMiBMax} MiB |`,
    );
  }
  printResult({
    benchmark: 'local-startup',
    startedAt,
    options: { runs },
    pass: null,
    figures: result,
  });
}

main().catch(benchFailed);
