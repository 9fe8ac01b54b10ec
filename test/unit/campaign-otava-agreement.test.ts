import { computeChangePoints } from '../../campaigns/stats/change-points';
import { seededRng, type Rng } from '../../campaigns/stats/rng';
import { otavaChangePoints } from '../support/otava';

/** A nightly-looking series: level shifts at given indices, noise of `cov`, optional bad nights. */
function series(
  rng: Rng,
  length: number,
  cov: number,
  steps: Array<[number, number]>,
  badNights = 0,
): number[] {
  return Array.from({ length }, (_, i) => {
    let level = 1000;
    for (const [at, change] of steps) if (i >= at) level *= 1 + change;
    let v = level * (1 + cov * rng.normal());
    if (badNights > 0 && rng.uniform() < badNights)
      v *= 1 - 0.05 - 3 * cov * Math.abs(rng.normal());
    return Math.round(v * 1000) / 1000;
  });
}

function corpus(): number[][] {
  const rng = seededRng(2026);
  const out: number[][] = [];
  for (const cov of [0.01, 0.02, 0.03, 0.05]) {
    out.push(series(rng, 30, cov, []));
    out.push(series(rng, 30, cov, [[20, -0.05]]));
    out.push(series(rng, 60, cov, [[25, -0.08]], 0.05));
    out.push(
      series(rng, 120, cov, [
        [30, 0.1],
        [70, -0.15],
        [100, 0.05],
      ]),
    );
    out.push(series(rng, 90, cov, [[45, -0.03]], 0.05));
    out.push(
      series(rng, 200, cov, [
        [40, -0.2],
        [41, 0.2],
        [150, -0.1],
      ]),
    );
  }
  // Edge shapes: constant runs, two values, a single spike, short series.
  out.push([5, 5, 5, 5, 5, 5, 5, 5, 9, 9, 9, 9, 9, 9, 9]);
  out.push([1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2]);
  out.push([10, 10.1, 9.9, 10, 30, 10, 10.1, 9.9, 10, 10.05]);
  out.push([3, 3.1]);
  return out;
}

describe('change points agree with apache-otava 0.8.0 from PyPI', () => {
  const data = corpus();

  it.each([
    [50, 0.001],
    [50, 0.01],
    [20, 0.001],
  ])('window %d, max p %d: the same indices on every series', (windowLength, maxPValue) => {
    const expected = otavaChangePoints(data, windowLength, maxPValue);
    const actual = data.map((s) =>
      computeChangePoints(s, { windowLength, maxPValue }).map((c) => c.index),
    );
    expect(actual).toEqual(expected);
    // The corpus must exercise the detector: change points exist and stationary series have few.
    expect(expected.flat().length).toBeGreaterThan(10);
  });
});
