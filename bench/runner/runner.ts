/**
 * Benchmark of the load-test runner itself (`npm run bench:runner [-- --rounds 5 --seconds 5]`).
 *
 * Variants, run alternately (A B C A B C …) in this one process, medians reported:
 * - noop-1:  WRITE and READ against the noop target, one worker: the runner's single-operation
 *            ceiling on one core with latency recording on (target: ≥ 1,000,000 calls/s).
 * - noop-16: the same with 16 workers, the concurrency of the driver variant.
 * - driver-16: WRITE and READ through the raw cassandra-driver against a local Cassandra.
 * - store-16: the same through the embedded store (the target: the runner's share ≤ 10%).
 *
 * The runner's own share of process CPU with a real target, by subtraction: the noop target does
 * nothing, so a noop call's CPU time is what the runner spends per call (key and value generation,
 * timing, histogram recording, accounting, the await). With the same workload, generators and
 * concurrency, the runner spends the same per call in front of the driver, so
 *   share = noop CPU per call / driver-run CPU per call.
 * The subtraction is optimistic (the noop loop runs with hot caches), so a V8 CPU profile of one
 * extra run per real target measures it a second way: the self time of samples that land in runner
 * code. The headline share per target is the larger of the two; both are printed.
 *
 * Cassandra: the CLI's local Cassandra (`testbed local cassandra start`) when it runs, else a node
 * started for the benchmark on a loopback block of its own and stopped at the end.
 * The last line is `RESULT {json}`.
 */

import {
  formatMs as ms,
  loadTestConfigSchema,
  runLoadTest,
  type LoadTestResult,
} from '../../tests-runner';
import { benchArgs, benchFailed, parseBenchOptions, wholeNumber } from '../shared/args';
import { benchCassandra, median } from '../shared/cassandra';
import { printResult } from '../shared/result';
import { profileCpu, type CpuSplit } from './cpu-profile';

const { ROUNDS, SECONDS } = parseBenchOptions(() => {
  const args = benchArgs({
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '5' },
  });
  return {
    ROUNDS: wholeNumber('rounds', args.rounds, 1),
    SECONDS: wholeNumber('seconds', args.seconds, 1),
  };
});

type Variant = 'noop-1' | 'noop-16' | 'driver-16' | 'store-16';
const VARIANTS: readonly Variant[] = ['noop-1', 'noop-16', 'driver-16', 'store-16'];
/** The real targets whose runner share is measured. */
const REAL = ['driver', 'store'] as const;
const OPS = ['write', 'read'] as const;

interface Sample {
  opsPerSec: number;
  cpuUsPerCall: number;
  cpuCoreFraction: number;
  p99Ms: number;
}

function config(variant: Variant, contactPoints: readonly string[]) {
  return loadTestConfigSchema.parse({
    target: variant.split('-')[0] as 'noop' | 'driver' | 'store',
    workloads: ['WRITE', 'READ'],
    warmupSeconds: 1,
    durationSeconds: SECONDS,
    concurrency: variant.endsWith('-1') ? 1 : 16,
    keys: { perWorker: 10_000 },
    cassandra: { contactPoints: [...contactPoints], keyspace: 'testbed_bench' },
  });
}

function samples(result: LoadTestResult): Record<(typeof OPS)[number], Sample> {
  const pick = (name: 'WRITE' | 'READ', op: (typeof OPS)[number]): Sample => {
    const w = result.workloads.find((x) => x.name === name);
    const s = w?.measured.operations[op];
    const node = w?.measured.nodes[0];
    if (!s || !node) throw new Error(`no ${name} figures`);
    const calls = s.calls + s.errors;
    if (s.errors > 0)
      process.stderr.write(`  (${name}: ${s.errors} errors: ${JSON.stringify(s.errorsByKind)})\n`);
    return {
      opsPerSec: s.throughputOpsPerSec,
      cpuUsPerCall: ((node.cpuUserMs + node.cpuSystemMs) * 1000) / Math.max(1, calls),
      cpuCoreFraction: node.cpuCoreFraction,
      p99Ms: s.latency.p99Ms,
    };
  };
  return { write: pick('WRITE', 'write'), read: pick('READ', 'read') };
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const service = await benchCassandra('runner');
  try {
    const got: Record<Variant, Record<(typeof OPS)[number], Sample[]>> = {
      'noop-1': { write: [], read: [] },
      'noop-16': { write: [], read: [] },
      'driver-16': { write: [], read: [] },
      'store-16': { write: [], read: [] },
    };
    for (let round = 1; round <= ROUNDS; round++) {
      for (const variant of VARIANTS) {
        const s = samples(await runLoadTest(config(variant, service.contactPoints)));
        for (const op of OPS) got[variant][op].push(s[op]);
        process.stderr.write(
          `round ${round} ${variant}: write ${Math.round(s.write.opsPerSec).toLocaleString('en-US')}/s (${s.write.cpuUsPerCall.toFixed(2)} µs CPU/call), read ${Math.round(s.read.opsPerSec).toLocaleString('en-US')}/s (${s.read.cpuUsPerCall.toFixed(2)} µs CPU/call)\n`,
        );
      }
    }
    const profiled = {
      driver: (await profileCpu(() => runLoadTest(config('driver-16', service.contactPoints))))
        .split,
      store: (await profileCpu(() => runLoadTest(config('store-16', service.contactPoints)))).split,
    };

    const med = (v: Variant, op: (typeof OPS)[number], f: keyof Sample): number =>
      median(got[v][op].map((s) => s[f]));
    const result = {
      rounds: ROUNDS,
      secondsPerWorkload: SECONDS,
      variants: Object.fromEntries(
        VARIANTS.map((v) => [
          v,
          Object.fromEntries(
            OPS.map((op) => [
              op,
              {
                opsPerSecMedian: Math.round(med(v, op, 'opsPerSec')),
                cpuUsPerCallMedian: Number(med(v, op, 'cpuUsPerCall').toFixed(3)),
                cpuCoreFractionMedian: Number(med(v, op, 'cpuCoreFraction').toFixed(3)),
                p99MsMedian: med(v, op, 'p99Ms'),
              },
            ]),
          ),
        ]),
      ),
      noopSingleOpsPerSec: {
        write: Math.round(med('noop-1', 'write', 'opsPerSec')),
        read: Math.round(med('noop-1', 'read', 'opsPerSec')),
        target: 1_000_000,
        pass:
          Math.min(med('noop-1', 'write', 'opsPerSec'), med('noop-1', 'read', 'opsPerSec')) >=
          1_000_000,
      },
      /** Per target: the runner's share by subtraction (write, read) and by profile, and the larger. */
      runnerCpuSharePercent: Object.fromEntries(
        REAL.map((target) => {
          const bySubtraction = Object.fromEntries(
            OPS.map((op) => [
              op,
              Number(
                (
                  (100 * med('noop-16', op, 'cpuUsPerCall')) /
                  med(`${target}-16`, op, 'cpuUsPerCall')
                ).toFixed(2),
              ),
            ]),
          ) as Record<(typeof OPS)[number], number>;
          const headline = Math.max(
            bySubtraction.write,
            bySubtraction.read,
            profiled[target].runnerPercent,
          );
          return [
            target,
            { bySubtraction, profile: profiled[target], headline, limit: 10, pass: headline <= 10 },
          ];
        }),
      ) as Record<
        (typeof REAL)[number],
        {
          bySubtraction: Record<(typeof OPS)[number], number>;
          profile: CpuSplit;
          headline: number;
          limit: number;
          pass: boolean;
        }
      >,
    };
    console.log(
      '\n| variant | op | calls/s (median) | CPU µs/call | CPU of one core | p99 ms |\n|---|---|---:|---:|---:|---:|',
    );
    for (const v of VARIANTS) {
      for (const op of OPS) {
        console.log(
          `| ${v} | ${op} | ${Math.round(med(v, op, 'opsPerSec')).toLocaleString('en-US')} | ${med(v, op, 'cpuUsPerCall').toFixed(2)} | ${(100 * med(v, op, 'cpuCoreFraction')).toFixed(0)}% | ${ms(med(v, op, 'p99Ms'))} |`,
        );
      }
    }
    console.log(
      `\nnoop, one worker: ${result.noopSingleOpsPerSec.write.toLocaleString('en-US')} writes/s, ${result.noopSingleOpsPerSec.read.toLocaleString('en-US')} reads/s (target ≥ 1,000,000: ${result.noopSingleOpsPerSec.pass ? 'pass' : 'FAIL'})`,
    );
    for (const target of REAL) {
      const r = result.runnerCpuSharePercent[target];
      console.log(
        `runner share of process CPU with the ${target} target: ${r.bySubtraction.write}% write, ${r.bySubtraction.read}% read by subtraction (noop CPU/call ÷ ${target} CPU/call); ${r.profile.runnerPercent}% by profile (${r.profile.samples} busy samples: target ${r.profile.targetPercent}%, GC ${r.profile.gcPercent}%, other ${r.profile.otherPercent}%) → ${r.headline}% (limit 10%: ${r.pass ? 'pass' : 'FAIL'})`,
      );
    }
    const { rounds, secondsPerWorkload, ...figures } = result;
    printResult({
      benchmark: 'runner',
      startedAt,
      options: { rounds, secondsPerWorkload },
      pass:
        result.noopSingleOpsPerSec.pass &&
        Object.values(result.runnerCpuSharePercent).every((r) => r.pass),
      figures,
    });
  } finally {
    await service.stop();
  }
}

main().catch(benchFailed);
