/* eslint-disable @typescript-eslint/no-non-null-assertion -- numeric kernel: every index is bounded by its loop or length check; guards would obscure the arithmetic */
import { evaluateGate, type GateTest } from './gate';
import { seededRng, type Rng } from './stats/rng';

/** A synthetic nightly campaign for one cell and one metric (throughput, higher is better). */
export interface SimulationScenario {
  /** Run-to-run coefficient of variation of the noise (0.02 = 2%). */
  readonly cov: number;
  /** Nights of history including tonight. @default 30 */
  readonly nights?: number;
  /** Repetitions (runs) each night. @default 3 */
  readonly repetitions?: number;
  /**
   * Probability that one run is bad (a noisy neighbour, a slow volume): it loses 5% + 3·CoV·|N(0,1)|,
   * the bad-night model of the project's research notes, applied per run. @default 0
   */
  readonly badRunProbability?: number;
  /** Relative drop of every run tonight (0.05 = a 5% regression); 0 for a stationary series. */
  readonly drop: number;
}

/** The share of simulated nights the gate flags, with a 95% Wilson interval. */
export interface SimulationFigure {
  readonly flagged: number;
  readonly trials: number;
  readonly rate: number;
  readonly low95: number;
  readonly high95: number;
}

function wilson(hits: number, n: number): SimulationFigure {
  const z = 1.959964;
  const p = hits / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
  return {
    flagged: hits,
    trials: n,
    rate: p,
    low95: Math.max(0, centre - half),
    high95: Math.min(1, centre + half),
  };
}

/** One synthetic history: runs per night, tonight last. */
export function simulateNights(scenario: SimulationScenario, rng: Rng): number[][] {
  const nights = scenario.nights ?? 30;
  const repetitions = scenario.repetitions ?? 3;
  const bad = scenario.badRunProbability ?? 0;
  const out: number[][] = [];
  for (let night = 0; night < nights; night++) {
    const runs: number[] = [];
    for (let r = 0; r < repetitions; r++) {
      let value = 1 + scenario.cov * rng.normal();
      if (bad > 0 && rng.uniform() < bad) value -= 0.05 + 3 * scenario.cov * Math.abs(rng.normal());
      if (night === nights - 1) value *= 1 - scenario.drop;
      runs.push(value);
    }
    out.push(runs);
  }
  return out;
}

/**
 * How often the gate flags tonight over `trials` synthetic histories (seeded, so repeatable): with
 * `drop: 0` that is the false alarm rate, with a drop it is the power.
 */
export function simulateGate(
  scenario: SimulationScenario,
  options: {
    readonly trials: number;
    readonly seed: number;
    readonly test?: GateTest;
    readonly baselineRuns?: number;
  },
): SimulationFigure {
  const rng = seededRng(options.seed);
  let flagged = 0;
  for (let t = 0; t < options.trials; t++) {
    const nights = simulateNights(scenario, rng);
    const tonight = nights[nights.length - 1]!;
    const history = nights.slice(0, -1).flat();
    const [result] = evaluateGate(
      [{ cell: 'sim', metric: 'throughput', direction: 'higher-is-better', tonight, history }],
      {
        ...(options.test ? { test: options.test } : {}),
        ...(options.baselineRuns ? { baselineRuns: options.baselineRuns } : {}),
      },
    );
    if (result?.verdict === 'regression') flagged++;
  }
  return wilson(flagged, options.trials);
}
