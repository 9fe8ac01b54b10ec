import { evaluateGate } from '../../campaigns/gate';
import { simulateGate, type SimulationFigure } from '../../campaigns/simulation';

/**
 * The statistics shown, not assumed: synthetic nightly series (30 nights, 3 runs a night, noise CoV
 * 1–3%, optionally 5% bad runs), tonight against the last 20 valid runs, α = 0.01, fixed seeds.
 * The figures are printed so they can be quoted.
 */
const TRIALS = 2000;

function line(label: string, f: SimulationFigure): string {
  return `${label}: ${(100 * f.rate).toFixed(2)}% (${f.flagged}/${f.trials}, 95% CI ${(100 * f.low95).toFixed(2)}–${(100 * f.high95).toFixed(2)}%)`;
}

describe('nightly gate on simulated series', () => {
  const figures: string[] = [];
  afterAll(() => {
    process.stdout.write(
      `\nGate simulation (${TRIALS} histories per figure, seed fixed):\n${figures.join('\n')}\n`,
    );
  });

  it.each([0.01, 0.02, 0.03])('CoV %d, stationary: false alarm rate ≤ 1%%', (cov) => {
    for (const [bad, seed] of [
      [0, 101],
      [0.05, 202],
    ] as const) {
      const f = simulateGate({ cov, drop: 0, badRunProbability: bad }, { trials: TRIALS, seed });
      figures.push(line(`CoV ${cov * 100}% bad runs ${bad * 100}% false alarms`, f));
      // The tests are exact, so the true rate is ≤ α; the estimate may exceed it by sampling noise only.
      expect(f.low95).toBeLessThanOrEqual(0.01);
      expect(f.rate).toBeLessThanOrEqual(0.01 + 2.33 * Math.sqrt((0.01 * 0.99) / TRIALS));
    }
  });

  it.each([0.01, 0.02, 0.03])('CoV %d, 5%% throughput drop tonight: power figure', (cov) => {
    const clean = simulateGate({ cov, drop: 0.05 }, { trials: TRIALS, seed: 303 });
    const bad = simulateGate(
      { cov, drop: 0.05, badRunProbability: 0.05 },
      { trials: TRIALS, seed: 404 },
    );
    const mwu = simulateGate(
      { cov, drop: 0.05 },
      { trials: TRIALS, seed: 303, test: 'mann-whitney' },
    );
    figures.push(line(`CoV ${cov * 100}% power (5% drop)`, clean));
    figures.push(line(`CoV ${cov * 100}% power (5% drop, 5% bad runs)`, bad));
    figures.push(line(`CoV ${cov * 100}% power (5% drop, Mann–Whitney instead)`, mwu));
    if (cov <= 0.02) expect(clean.rate).toBeGreaterThanOrEqual(0.9);
  });

  it('Benjamini–Hochberg keeps a night of many stationary metrics from alarming', () => {
    // 10 metrics with p-values just under α each would alarm 10 times without correction.
    const history = Array.from({ length: 20 }, (_, i) => 100 + (i % 5));
    const results = evaluateGate(
      Array.from({ length: 10 }, (_, m) => ({
        cell: 'c',
        metric: `m${m}`,
        direction: 'higher-is-better' as const,
        tonight: m === 0 ? [90, 91, 92] : [100, 102, 104],
        history,
      })),
    );
    expect(results.filter((r) => r.verdict === 'regression').map((r) => r.metric)).toEqual(['m0']);
    expect(results[0]!.qValue).toBeGreaterThanOrEqual(results[0]!.pValue!);
  });
});
