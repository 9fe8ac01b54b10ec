/* eslint-disable @typescript-eslint/no-non-null-assertion -- numeric kernel: every index is bounded by its loop or length check; guards would obscure the arithmetic */
import { jStat } from 'jstat';

import { CampaignError } from './errors';
import { benjaminiHochberg } from './stats/benjamini-hochberg';
import { coefficientOfVariation, median } from './stats/describe';
import { mannWhitneyLess } from './stats/mann-whitney';
import { smallestAttainablePValue, winsorizedPermutationTestLess } from './stats/permutation';

/** Which way is worse for a metric: throughput falls, latency rises. */
export type MetricDirection = 'higher-is-better' | 'lower-is-better';

/** The one-sided two-sample test of the gate. */
export type GateTest = 'permutation' | 'mann-whitney';

/** Settings of the nightly gate. */
export interface GateOptions {
  /** Trailing baseline: this many most recent valid runs of the same cell. @default 20 */
  readonly baselineRuns?: number;
  /** Level of each metric's test, applied to Benjamini–Hochberg q-values across the night. @default 0.01 */
  readonly alpha?: number;
  /**
   * `permutation`: exact permutation test on winsorized means (robust to a single bad run);
   * `mann-whitney`: exact Mann–Whitney U with ties. @default 'permutation'
   */
  readonly test?: GateTest;
}

/** One cell × metric to gate: tonight's repetitions and the cell's earlier valid runs (oldest first). */
export interface GateInput {
  readonly cell: string;
  readonly metric: string;
  readonly direction: MetricDirection;
  readonly tonight: readonly number[];
  readonly history: readonly number[];
}

/** What the gate concluded for one cell × metric. */
export type GateVerdict = 'regression' | 'no-regression' | 'insufficient-baseline';

/** The gate's result for one cell × metric; every figure a reader needs to judge it. */
export interface GateResult {
  readonly cell: string;
  readonly metric: string;
  readonly direction: MetricDirection;
  readonly verdict: GateVerdict;
  readonly tonight: readonly number[];
  /** The baseline actually used (the last `baselineRuns` valid runs). */
  readonly baseline: readonly number[];
  /** Median tonight / median baseline − 1 (negative = lower tonight). */
  readonly relativeChange: number | undefined;
  /** One-sided p-value toward "worse" (undefined when the baseline is too short to reach α). */
  readonly pValue: number | undefined;
  /** Benjamini–Hochberg adjusted p-value across the night's tested metrics. */
  readonly qValue: number | undefined;
  /** Run-to-run coefficient of variation of the baseline and of tonight (fractions). */
  readonly baselineCoV: number | undefined;
  readonly tonightCoV: number | undefined;
  /**
   * The relative change this gate would detect with about 90% power at α, given the baseline's
   * CoV and the sample sizes (normal approximation): the CoV bounds what can be detected.
   */
  readonly detectableChange: number | undefined;
  readonly test: GateTest;
  /** Why a verdict is `insufficient-baseline`. */
  readonly note?: string;
}

/** z(1 − α) + z(0.90): the normal quantiles behind {@link GateResult.detectableChange}. */
function detectableFactor(alpha: number): number {
  return jStat.normal.inv(1 - alpha, 0, 1) + jStat.normal.inv(0.9, 0, 1);
}

/**
 * The nightly gate: for each cell × metric, tonight's repetitions against the trailing baseline
 * with a one-sided test toward "worse", then Benjamini–Hochberg across every tested metric of the
 * night; a metric is a regression when its q-value is ≤ α. Pure and deterministic.
 */
export function evaluateGate(
  inputs: readonly GateInput[],
  options: GateOptions = {},
): GateResult[] {
  const baselineRuns = options.baselineRuns ?? 20;
  const alpha = options.alpha ?? 0.01;
  const test = options.test ?? 'permutation';
  if (!(alpha > 0 && alpha < 1)) throw new CampaignError(`gate: alpha ${alpha} must be in (0, 1)`);
  if (!(Number.isInteger(baselineRuns) && baselineRuns >= 1)) {
    throw new CampaignError(`gate: baselineRuns ${baselineRuns} must be a positive integer`);
  }
  const partial = inputs.map((input): Omit<GateResult, 'qValue' | 'verdict'> => {
    const baseline = input.history.slice(-baselineRuns);
    const common = {
      cell: input.cell,
      metric: input.metric,
      direction: input.direction,
      tonight: input.tonight,
      baseline,
      test,
      baselineCoV: coefficientOfVariation(baseline),
      tonightCoV: coefficientOfVariation(input.tonight),
    };
    const k = input.tonight.length;
    const n = baseline.length;
    const floor = k > 0 && n > 0 ? smallestAttainablePValue(k, n) : 1;
    if (floor > alpha) {
      return {
        ...common,
        relativeChange: k > 0 && n > 0 ? median(input.tonight) / median(baseline) - 1 : undefined,
        pValue: undefined,
        detectableChange: undefined,
        note: `${k} run(s) tonight against ${n} baseline run(s) cannot reach p ≤ ${alpha} (smallest p is ${floor.toPrecision(2)}); the cell needs more valid history or repetitions`,
      };
    }
    // Orient so that "worse" is always "smaller".
    const sign = input.direction === 'higher-is-better' ? 1 : -1;
    const x = input.tonight.map((v) => sign * v);
    const y = baseline.map((v) => sign * v);
    const pValue =
      test === 'permutation'
        ? winsorizedPermutationTestLess(x, y).pValue
        : mannWhitneyLess(x, y).pValue;
    const cov = common.baselineCoV;
    return {
      ...common,
      relativeChange: median(input.tonight) / median(baseline) - 1,
      pValue,
      detectableChange:
        cov === undefined ? undefined : detectableFactor(alpha) * cov * Math.sqrt(1 / k + 1 / n),
    };
  });
  const tested = partial.filter((r) => r.pValue !== undefined);
  const q = benjaminiHochberg(tested.map((r) => r.pValue!));
  const qOf = new Map(tested.map((r, i) => [r, q[i]!]));
  return partial.map((r): GateResult => {
    const qValue = qOf.get(r);
    const verdict: GateVerdict =
      qValue === undefined
        ? 'insufficient-baseline'
        : qValue <= alpha
          ? 'regression'
          : 'no-regression';
    return { ...r, qValue, verdict };
  });
}
