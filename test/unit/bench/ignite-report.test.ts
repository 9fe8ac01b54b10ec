import { figuresOf, type BenchPlan, type Sample } from '../../../bench/ignite/report';

/** A sample with the given throughput and p50; the CPU figures do not matter here. */
function sample(entriesPerSec: number, p50Ms = 1): Sample {
  return {
    entriesPerSec,
    p50Ms,
    p99Ms: 2 * p50Ms,
    errors: 0,
    wrapped: false,
    entriesPerFrame: NaN,
    cpuUsPerEntry: 100,
    cpuUsPerEntryBy: { cassandra: 50, ignite: 20, sidecar: 20, loadTest: 10, other: 0 },
    contextSwitchesPerEntry: 5,
  };
}

const plan: BenchPlan = {
  variants: ['ignite-ts', 'ignite-original', 'ignite-ts-single'],
  workloads: ['WRITE', 'BULK_WRITE'],
  oneWorkerVariants: ['ignite-ts', 'ignite-ts-single'],
  oneWorker: ['WRITE'],
  options: {},
};

function run(samples: Record<string, ReadonlyArray<number | readonly number[]>>) {
  const got = new Map<string, Sample[]>();
  for (const [key, xs] of Object.entries(samples))
    got.set(
      key,
      xs.map((x) => (typeof x === 'number' ? sample(x) : sample(x[0] ?? NaN, x[1]))),
    );
  return figuresOf(got, plan);
}

describe('bench:ignite verdicts', () => {
  const oneWorkerOk = {
    'ignite-ts WRITE@1': [[500, 1.0]],
    'ignite-ts-single WRITE@1': [[500, 1.0]],
  };

  it('a single-entry workload needs the median ratio ≥ 1.0 and at least 4 rounds in 5', () => {
    const fourOfFive = run({
      'ignite-ts WRITE': [110, 120, 90, 130, 105],
      'ignite-original WRITE': [100, 100, 100, 100, 100],
      'ignite-ts BULK_WRITE': [100],
      'ignite-original BULK_WRITE': [100],
      ...oneWorkerOk,
    });
    expect(fourOfFive.tsVsOriginal.WRITE).toMatchObject({
      throughputRatio: 1.1,
      perRound: [1.1, 1.2, 0.9, 1.3, 1.05],
      roundsAtLeastOne: 4,
      pass: true,
    });
    expect(fourOfFive.pass).toBe(true);

    // The same median, but only 3 rounds in 5 at 1.0 or better.
    const threeOfFive = run({
      'ignite-ts WRITE': [110, 120, 90, 95, 105],
      'ignite-original WRITE': [100, 100, 100, 100, 100],
      'ignite-ts BULK_WRITE': [100],
      'ignite-original BULK_WRITE': [100],
      ...oneWorkerOk,
    });
    expect(threeOfFive.tsVsOriginal.WRITE).toMatchObject({ roundsAtLeastOne: 3, pass: false });
    expect(threeOfFive.pass).toBe(false);
  });

  it('a bulk workload needs the median only', () => {
    const r = run({
      'ignite-ts WRITE': [100],
      'ignite-original WRITE': [100],
      'ignite-ts BULK_WRITE': [101, 90, 99, 150, 120],
      'ignite-original BULK_WRITE': [100, 100, 100, 100, 100],
      ...oneWorkerOk,
    });
    expect(r.tsVsOriginal.BULK_WRITE).toMatchObject({ roundsAtLeastOne: 3, pass: true });
  });

  it('one worker: p50 with coalescing at most 10% over the single-call path', () => {
    const within = run({
      'ignite-ts WRITE@1': [
        [500, 1.09],
        [500, 1.05],
      ],
      'ignite-ts-single WRITE@1': [
        [500, 1.0],
        [500, 1.0],
      ],
    });
    expect(within.oneWorker.WRITE).toMatchObject({ p50ChangePercent: 7, pass: true });
    const over = run({
      'ignite-ts WRITE@1': [[500, 1.2]],
      'ignite-ts-single WRITE@1': [[500, 1.0]],
    });
    expect(over.oneWorker.WRITE).toMatchObject({ p50ChangePercent: 20, pass: false });
  });
});
