/* eslint-disable @typescript-eslint/no-non-null-assertion -- numeric kernel: every index is bounded by its loop or length check; guards would obscure the arithmetic */
import { StatisticsInputError } from '../errors';
import { QStatistic } from './private/q-statistic';
import { changeMagnitude, splitTTest, type SplitStats } from './t-test';

/** A change point: the first index of the new regime and the t-test between its neighbours. */
export interface ChangePoint {
  /** Index into the series of the first value after the change. */
  readonly index: number;
  /** The e-divisive Q value that proposed it. */
  readonly qhat: number;
  readonly stats: SplitStats;
  /** Relative change of the mean (after / before − 1). */
  readonly relativeChange: number;
}

/** Options of {@link computeChangePoints}, with Otava's defaults. */
export interface ChangePointOptions {
  /** Sliding window length of the split step. @default 50 */
  readonly windowLength?: number;
  /** Largest p-value a final change point may have. @default 0.001 */
  readonly maxPValue?: number;
  /** Smallest relative change a change point must show. @default 0 */
  readonly minMagnitude?: number;
}

interface Interval {
  readonly start: number;
  readonly end: number;
}

interface Candidate {
  readonly index: number;
  readonly qhat: number;
}

/** Intervals between sorted change points, empty ones dropped (Otava's get_intervals). */
function intervalsOf(points: readonly Candidate[], length: number): Interval[] {
  const bounds = [0, ...points.map((p) => p.index), length];
  const out: Interval[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    if (bounds[i] !== bounds[i + 1]) out.push({ start: bounds[i]!, end: bounds[i + 1]! });
  }
  return out;
}

/**
 * Stats of a candidate against the intervals: an existing point (an interval ends at it) compares
 * the two intervals it separates; a new one splits the interval that contains it.
 */
function statsAt(
  candidate: Candidate,
  series: readonly number[],
  intervals: readonly Interval[],
): SplitStats {
  for (let i = 0; i < intervals.length; i++) {
    const interval = intervals[i]!;
    if (interval.end === candidate.index) {
      const right = intervals[i + 1];
      if (!right) break;
      return splitTTest(
        series.slice(interval.start, interval.end),
        series.slice(right.start, right.end),
      );
    }
    if (interval.start < candidate.index && candidate.index < interval.end) {
      return splitTTest(
        series.slice(interval.start, candidate.index),
        series.slice(candidate.index, interval.end),
      );
    }
  }
  throw new Error(`change point ${candidate.index} lies in no interval (a bug)`);
}

function toChangePoint(candidate: Candidate, stats: SplitStats): ChangePoint {
  return {
    index: candidate.index,
    qhat: candidate.qhat,
    stats,
    relativeChange: stats.meanBefore === 0 ? 0 : stats.meanAfter / stats.meanBefore - 1,
  };
}

/** E-divisive with t-test significance over one window: keep splitting while the best split is significant. */
function windowChangePoints(window: readonly number[], maxPValue: number): Candidate[] {
  const q = new QStatistic(window);
  const points: Candidate[] = [];
  for (;;) {
    const intervals = intervalsOf(points, window.length);
    let best: Candidate | undefined;
    for (const interval of intervals) {
      if (interval.end - interval.start <= 1) continue;
      const c = q.bestSplit(interval.start, interval.end);
      if (!best || c.qhat > best.qhat) best = c;
    }
    if (!best) return points;
    const stats = statsAt(best, window, intervals);
    if (!(stats.pValue <= maxPValue)) return points;
    points.push(best);
    points.sort((a, b) => a.index - b.index);
  }
}

/** Split step: weak change points from sliding windows of `windowLength`, step half a window. */
function split(series: readonly number[], windowLength: number, maxPValue: number): ChangePoint[] {
  const step = Math.floor(windowLength / 2);
  const found: Candidate[] = [];
  let start = 0;
  while (start < series.length) {
    const end = Math.min(start + windowLength, series.length);
    const local = windowChangePoints(series.slice(start, end), maxPValue).map((c) => ({
      index: c.index + start,
      qhat: c.qhat,
    }));
    const last = local.length > 0 ? local[local.length - 1]!.index : 0;
    start = Math.max(last, start + step);
    for (const c of local) if (!found.some((f) => f.index === c.index)) found.push(c);
  }
  found.sort((a, b) => a.index - b.index);
  const intervals = intervalsOf(found, series.length);
  return found.map((c) => toChangePoint(c, statsAt(c, series, intervals)));
}

/** Merge step: drop the weakest point until every one is significant and large enough. */
function merge(
  points: ChangePoint[],
  series: readonly number[],
  maxPValue: number,
  minMagnitude: number,
): ChangePoint[] {
  while (points.length > 0) {
    let weakest = points.reduce((w, p) => (p.stats.pValue > w.stats.pValue ? p : w));
    if (weakest.stats.pValue < maxPValue) {
      weakest = points.reduce((w, p) =>
        changeMagnitude(p.stats) < changeMagnitude(w.stats) ? p : w,
      );
      if (changeMagnitude(weakest.stats) > minMagnitude) return points;
    }
    const at = points.indexOf(weakest);
    points.splice(at, 1);
    const intervals = intervalsOf(points, series.length);
    // Otava recomputes the point now at the removed position and the one after it (not the one
    // before); the same two are recomputed here so that both give the same change points.
    for (const i of [at, at + 1]) {
      const p = points[i];
      if (p) points[i] = toChangePoint(p, statsAt(p, series, intervals));
    }
  }
  return points;
}

/**
 * Change points of a series by Apache Otava's (Hunter's) method: e-divisive means in sliding
 * windows with a two-sided t-test at 10 × `maxPValue` (weak points), then merging away the
 * weakest until all are significant at `maxPValue` (Fleming et al., ICPE 2023). Deterministic.
 */
export function computeChangePoints(
  series: readonly number[],
  options: ChangePointOptions = {},
): ChangePoint[] {
  const windowLength = options.windowLength ?? 50;
  const maxPValue = options.maxPValue ?? 0.001;
  const minMagnitude = options.minMagnitude ?? 0;
  if (windowLength < 2)
    throw new StatisticsInputError(
      `change points: windowLength ${windowLength} must be at least 2`,
    );
  if (!(maxPValue > 0 && maxPValue <= 1))
    throw new StatisticsInputError(`change points: maxPValue ${maxPValue} must be in (0, 1]`);
  for (const v of series) {
    if (!Number.isFinite(v))
      throw new StatisticsInputError(`change points: the series holds a non-finite value (${v})`);
  }
  const firstPass = maxPValue < 0.05 ? maxPValue * 10 : maxPValue < 0.5 ? maxPValue * 2 : maxPValue;
  return merge(split(series, windowLength, firstPass), series, maxPValue, minMagnitude);
}
