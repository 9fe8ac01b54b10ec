/**
 * The report of `bench:ignite`: medians per variant and workload, the issue's verdicts (Ignite +
 * TS store vs Ignite + the Java store; one worker with coalescing on vs off; the bridge's CPU
 * overhead) and the `RESULT {json}` line.
 */
import { median } from '../shared/cassandra';
import { printResult } from '../shared/result';
import { formatMs as ms } from '../../tests-runner';
import { PROCESS_KINDS, type CpuPerEntry, type ProcessKind } from './machine-cpu';
import { BULK_WORKLOADS, type Variant, type Workload } from './variants';

/** What the run measured: the variants and workloads, and the options for the result line. */
export interface BenchPlan {
  readonly variants: readonly Variant[];
  readonly workloads: readonly Workload[];
  /** The variants whose one-worker latency is compared: coalescing on, and off. */
  readonly oneWorkerVariants: readonly Variant[];
  /** The workloads also run with one worker. */
  readonly oneWorker: readonly Workload[];
  /** The options the benchmark ran with, as the result line records them. */
  readonly options: Record<string, unknown>;
}

/** One run; its CPU figures are over the measured phase. */
export interface Sample extends CpuPerEntry {
  /** Entries per second (calls per second for single-entry workloads). */
  entriesPerSec: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  /** Some worker read a key twice (the second read would not reach the store). */
  wrapped: boolean;
  /** Entries per frame of single-entry calls at the sidecar (NaN: no sidecar, or no such frames). */
  entriesPerFrame: number;
}

type Figure = Exclude<keyof Sample, 'wrapped' | 'cpuUsPerEntryBy'>;

/** The samples of a variant and workload (`WRITE`, or `WRITE@1` for one worker) and their medians. */
function lookups(got: ReadonlyMap<string, Sample[]>) {
  const samples = (variant: Variant, workload: string): Sample[] =>
    got.get(`${variant} ${workload}`) ?? [];
  return {
    samples,
    med: (variant: Variant, workload: Workload, f: Figure): number =>
      median(samples(variant, workload).map((s) => s[f])),
    medBy: (variant: Variant, workload: Workload): Record<ProcessKind, number> =>
      Object.fromEntries(
        PROCESS_KINDS.map((k) => [
          k,
          median(samples(variant, workload).map((s) => s.cpuUsPerEntryBy[k])),
        ]),
      ) as Record<ProcessKind, number>,
  };
}

/**
 * What bridge plus sidecar cost beyond the store used directly, per entry, as a share of the
 * store's whole machine CPU per entry; median over rounds, each bridge run paired with the store
 * run of its round. Both send Cassandra the same statements (the sidecar runs the same store), so
 * Cassandra's own CPU, which swings with its flushes and compactions, is left out of the
 * difference: the client side is everything else (sidecar and caller, or the load-test process).
 */
function clientOverhead(bridge: readonly Sample[], store: readonly Sample[]): number {
  const outsideCassandra = (s: Sample): number => s.cpuUsPerEntry - s.cpuUsPerEntryBy.cassandra;
  const n = Math.min(bridge.length, store.length);
  const perRound: number[] = [];
  for (let i = 0; i < n; i++) {
    const b = bridge[i] as Sample;
    const s = store[i] as Sample;
    perRound.push((outsideCassandra(b) - outsideCassandra(s)) / s.cpuUsPerEntry);
  }
  return median(perRound);
}

/** "Cassandra 40.1 + Ignite 20.3 + … µs, 3.2 context switches" per entry. */
export function breakdown(s: Pick<Sample, 'cpuUsPerEntryBy' | 'contextSwitchesPerEntry'>): string {
  const parts = PROCESS_KINDS.map((k) => `${k} ${s.cpuUsPerEntryBy[k].toFixed(1)}`);
  return `${parts.join(' + ')}; ${s.contextSwitchesPerEntry.toFixed(1)} context switches`;
}

function perFrameText(x: number): string {
  return Number.isNaN(x) ? '–' : x.toFixed(2);
}

/**
 * The verdicts and medians of a run: throughput ratios of Ignite + TS store to Ignite + the Java
 * store (median and per round), one-worker p50 with coalescing on vs off, and the bridge's CPU
 * overhead. Pure: the printing is {@link printReport}'s.
 */
export function figuresOf(got: ReadonlyMap<string, Sample[]>, plan: BenchPlan) {
  const { variants: VARIANTS, workloads: WORKLOADS } = plan;
  const ONE_WORKER_VARIANTS = plan.oneWorkerVariants;
  const ONE_WORKER = plan.oneWorker;
  const has1 = (...v: Variant[]): boolean => v.every((x) => ONE_WORKER_VARIANTS.includes(x));
  const { samples, med, medBy } = lookups(got);
  const round = (x: number, digits = 2) => Number(x.toFixed(digits));
  const figures = Object.fromEntries(
    VARIANTS.map((v) => [
      v,
      Object.fromEntries(
        WORKLOADS.map((w) => [
          w,
          {
            entriesPerSecMedian: Math.round(med(v, w, 'entriesPerSec')),
            p50MsMedian: round(med(v, w, 'p50Ms'), 3),
            p99MsMedian: round(med(v, w, 'p99Ms'), 3),
            cpuUsPerEntryMedian: round(med(v, w, 'cpuUsPerEntry'), 1),
            cpuUsPerEntryByProcessMedian: Object.fromEntries(
              Object.entries(medBy(v, w)).map(([k, x]) => [k, round(x, 1)]),
            ),
            contextSwitchesPerEntryMedian: round(med(v, w, 'contextSwitchesPerEntry'), 1),
            entriesPerFrameMedian: round(med(v, w, 'entriesPerFrame')),
            errors: (got.get(`${v} ${w}`) ?? []).reduce((n, s) => n + s.errors, 0),
            wrapped: (got.get(`${v} ${w}`) ?? []).some((s) => s.wrapped),
          },
        ]),
      ),
    ]),
  );
  const tsVsOriginal = Object.fromEntries(
    WORKLOADS.map((w) => {
      const ratio =
        med('ignite-ts', w, 'entriesPerSec') / med('ignite-original', w, 'entriesPerSec');
      // Rounds alternate the variants: round i of one against round i of the other.
      const ts = samples('ignite-ts', w);
      const original = samples('ignite-original', w);
      const perRound = ts
        .slice(0, original.length)
        .map((s, i) => round(s.entriesPerSec / (original[i] as Sample).entriesPerSec));
      const roundsAtLeastOne = perRound.filter((r) => r >= 1.0).length;
      // Single-entry workloads: the median and at least 4 rounds in 5 (80%) at 1.0 or better.
      const single = !BULK_WORKLOADS.includes(w);
      const pass =
        ratio >= 1.0 && (!single || roundsAtLeastOne >= Math.ceil(0.8 * perRound.length));
      return [w, { throughputRatio: round(ratio), perRound, roundsAtLeastOne, target: 1.0, pass }];
    }),
  );
  const oneWorker = Object.fromEntries(
    (has1('ignite-ts', 'ignite-ts-single') ? ONE_WORKER : []).map((w) => {
      const on = samples('ignite-ts', `${w}@1`);
      const off = samples('ignite-ts-single', `${w}@1`);
      const p50On = median(on.map((s) => s.p50Ms));
      const p50Off = median(off.map((s) => s.p50Ms));
      const change = p50On / p50Off - 1;
      return [
        w,
        {
          p50MsCoalescing: round(p50On, 3),
          p50MsCoalescingOff: round(p50Off, 3),
          p50ChangePercent: round(100 * change, 1),
          perRoundChangePercent: on
            .slice(0, off.length)
            .map((s, i) => round(100 * (s.p50Ms / (off[i] as Sample).p50Ms - 1), 1)),
          entriesPerFrameMedian: round(median(on.map((s) => s.entriesPerFrame))),
          limitPercent: 10,
          pass: change <= 0.1,
        },
      ];
    }),
  );
  // Known only with the direct store and either the bridge or Ignite without a store to subtract.
  const has = (...v: Variant[]): boolean => v.every((x) => VARIANTS.includes(x));
  const overheadKnown = has('store') && (has('bridge') || has('ignite-ts', 'ignite-none'));
  const bridgeOverhead = Object.fromEntries(
    (overheadKnown ? WORKLOADS : []).map((w) => {
      const limited = BULK_WORKLOADS.includes(w);
      const measured = VARIANTS.includes('bridge');
      const byCpu = measured
        ? clientOverhead(got.get(`bridge ${w}`) ?? [], got.get(`store ${w}`) ?? [])
        : (med('ignite-ts', w, 'cpuUsPerEntry') - med('ignite-none', w, 'cpuUsPerEntry')) /
            med('store', w, 'cpuUsPerEntry') -
          1;
      const endToEnd = 1 - med('ignite-ts', w, 'entriesPerSec') / med('store', w, 'entriesPerSec');
      return [
        w,
        {
          method: measured
            ? 'bridge without Ignite vs store, CPU outside Cassandra'
            : 'estimate: ignite-ts − ignite-none',
          totalCpuRatio: measured
            ? round(med('bridge', w, 'cpuUsPerEntry') / med('store', w, 'cpuUsPerEntry'))
            : null,
          cpuOverheadPercent: round(100 * byCpu, 1),
          bridgeThroughputRatio: measured
            ? round(med('bridge', w, 'entriesPerSec') / med('store', w, 'entriesPerSec'))
            : null,
          // The issue's limit is on bulk calls; single calls are reported without one.
          limitPercent: limited ? 15 : null,
          pass: limited ? byCpu <= 0.15 : null,
          endToEndThroughputLossPercent: round(100 * endToEnd, 1),
        },
      ];
    }),
  );
  const verdicts = [
    ...Object.values(tsVsOriginal),
    ...Object.values(oneWorker),
    ...Object.values(bridgeOverhead),
  ]
    .map((r) => (r as { pass: boolean | null }).pass)
    .filter((p): p is boolean => p !== null);
  return {
    pass: verdicts.length ? verdicts.every(Boolean) : null,
    variants: figures,
    tsVsOriginal,
    oneWorker,
    bridgeOverhead,
  };
}

/** Prints the table of medians, the verdicts and the `RESULT {json}` line. */
export function printReport(
  got: ReadonlyMap<string, Sample[]>,
  plan: BenchPlan,
  startedAt: Date,
): void {
  const { variants: VARIANTS, workloads: WORKLOADS } = plan;
  const ONE_WORKER_VARIANTS = plan.oneWorkerVariants;
  const ONE_WORKER = plan.oneWorker;
  const has = (...v: Variant[]): boolean => v.every((x) => VARIANTS.includes(x));
  const { tsVsOriginal, oneWorker, bridgeOverhead, pass, variants: figures } = figuresOf(got, plan);
  const { samples, med, medBy } = lookups(got);
  console.log(
    `\n| variant | workload | entries/s (median) | p50 | p99 | machine CPU µs/entry | ${PROCESS_KINDS.join(' | ')} | context switches/entry | entries/frame |\n|---|---|---:|---:|---:|---:|${PROCESS_KINDS.map(() => '---:|').join('')}---:|---:|`,
  );
  for (const v of VARIANTS) {
    for (const w of WORKLOADS) {
      const samples = got.get(`${v} ${w}`) ?? [];
      const f = {
        errors: samples.reduce((n, s) => n + s.errors, 0),
        wrapped: samples.some((s) => s.wrapped),
      };
      console.log(
        `| ${v} | ${w} | ${Math.round(med(v, w, 'entriesPerSec')).toLocaleString('en-US')} | ${ms(med(v, w, 'p50Ms'))} | ${ms(med(v, w, 'p99Ms'))} | ${med(v, w, 'cpuUsPerEntry').toFixed(1)} | ${PROCESS_KINDS.map((k) => medBy(v, w)[k].toFixed(1)).join(' | ')} | ${med(v, w, 'contextSwitchesPerEntry').toFixed(1)} | ${perFrameText(med(v, w, 'entriesPerFrame'))} |${f.errors ? ` ${f.errors} errors` : ''}${f.wrapped ? ' (keys re-read)' : ''}`,
      );
    }
  }
  for (const w of ONE_WORKER) {
    for (const v of ONE_WORKER_VARIANTS) {
      const xs = samples(v, `${w}@1`);
      const m = (f: (s: Sample) => number): number => median(xs.map(f));
      console.log(
        `| ${v} | ${w} (1 worker) | ${Math.round(m((s) => s.entriesPerSec)).toLocaleString('en-US')} | ${ms(m((s) => s.p50Ms))} | ${ms(m((s) => s.p99Ms))} | ${m((s) => s.cpuUsPerEntry).toFixed(1)} | ${PROCESS_KINDS.map((k) => m((s) => s.cpuUsPerEntryBy[k]).toFixed(1)).join(' | ')} | ${m((s) => s.contextSwitchesPerEntry).toFixed(1)} | ${perFrameText(m((s) => s.entriesPerFrame))} |`,
      );
    }
  }
  console.log('');
  for (const w of has('ignite-ts', 'ignite-original') ? WORKLOADS : []) {
    const r = tsVsOriginal[w] as {
      throughputRatio: number;
      perRound: number[];
      roundsAtLeastOne: number;
      pass: boolean;
    };
    console.log(
      `${w}: Ignite + TS store / Ignite + Java store = ${r.throughputRatio.toFixed(2)}× (per round ${r.perRound.map((x) => x.toFixed(2)).join(', ')}: ${r.roundsAtLeastOne} of ${r.perRound.length} ≥ 1.0; target median ≥ 1.0${BULK_WORKLOADS.includes(w) ? '' : ' and 4 rounds in 5'}: ${r.pass ? 'pass' : 'FAIL'})`,
    );
  }
  for (const w of Object.keys(oneWorker)) {
    const r = oneWorker[w] as {
      p50MsCoalescing: number;
      p50MsCoalescingOff: number;
      p50ChangePercent: number;
      perRoundChangePercent: number[];
      pass: boolean;
    };
    console.log(
      `${w}, 1 worker: p50 with coalescing ${ms(r.p50MsCoalescing)} vs off ${ms(r.p50MsCoalescingOff)} = ${r.p50ChangePercent >= 0 ? '+' : ''}${r.p50ChangePercent}% (per round ${r.perRoundChangePercent.join(', ')} %; limit +10%: ${r.pass ? 'pass' : 'FAIL'})`,
    );
  }
  for (const w of Object.keys(bridgeOverhead)) {
    const r = bridgeOverhead[w] as {
      method: string;
      totalCpuRatio: number | null;
      cpuOverheadPercent: number;
      bridgeThroughputRatio: number | null;
      pass: boolean | null;
      endToEndThroughputLossPercent: number;
    };
    const throughput =
      r.bridgeThroughputRatio === null
        ? ''
        : `; bridge throughput ${r.bridgeThroughputRatio.toFixed(2)}× the store's, its machine CPU per entry ${(r.totalCpuRatio ?? NaN).toFixed(2)}×`;
    console.log(
      `${w}: bridge + sidecar CPU overhead vs the direct store ${r.cpuOverheadPercent}% (${r.method}${r.pass === null ? '' : `; limit 15%: ${r.pass ? 'pass' : 'FAIL'}`})${throughput}${has('ignite-ts', 'store') ? `; end to end, Ignite + TS store delivers ${(100 - r.endToEndThroughputLossPercent).toFixed(1)}% of the direct store's throughput` : ''}`,
    );
  }
  printResult({
    benchmark: 'ignite',
    startedAt,
    options: plan.options,
    pass,
    figures: { variants: figures, tsVsOriginal, oneWorker, bridgeOverhead },
  });
}
