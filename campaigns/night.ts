import { evaluateGate, type GateOptions, type GateResult, type MetricDirection } from './gate';
import type { RunRecord } from './history/record';
import { computeChangePoints, type ChangePointOptions } from './stats/change-points';
import { median } from './stats/describe';

/** A metric to judge, by its key in run records. */
export interface JudgedMetric {
  readonly key: string;
  readonly direction: MetricDirection;
}

/** One cell × metric over the whole history, for the trend report. */
export interface Trend {
  readonly cell: string;
  readonly metric: string;
  readonly direction: MetricDirection;
  /** Valid runs per night (median is what change points are computed on). */
  readonly nights: readonly {
    night: string;
    values: readonly number[];
    median: number;
    invalid: number;
  }[];
  /** Change points over the nightly medians: the night the new level starts. */
  readonly changePoints: readonly { night: string; relativeChange: number; pValue: number }[];
  readonly reportLinks: readonly { night: string; link: string }[];
}

/** Everything a night concluded: gate verdicts (tonight) and trends (all nights). */
export interface NightVerdict {
  readonly campaign: string;
  readonly night: string;
  readonly gate: readonly GateResult[];
  readonly trends: readonly Trend[];
  readonly invalidRuns: readonly { cell: string; repetition: number; reason: string }[];
  readonly regressions: number;
}

/** Direction of a metric from its name: latencies are worse higher, everything else lower. */
export function directionOf(metricKey: string): MetricDirection {
  return /latency|p\d\d/i.test(metricKey) ? 'lower-is-better' : 'higher-is-better';
}

/**
 * Judges `night` against the history: the gate per cell × metric (tonight's valid runs against the
 * earlier valid runs) and change points over every night's median. Invalid runs are never compared.
 */
export function judgeNight(
  runs: readonly RunRecord[],
  options: {
    readonly campaign: string;
    readonly night: string;
    readonly cells: readonly string[];
    readonly metrics: readonly JudgedMetric[];
    readonly gate?: GateOptions;
    readonly changePoints?: ChangePointOptions;
  },
): NightVerdict {
  const valid = runs.filter((r) => r.valid);
  const inputs = options.cells.flatMap((cell) =>
    options.metrics.map((m) => {
      const ofCell = valid.filter((r) => r.cell === cell && Number.isFinite(r.metrics[m.key]));
      const value = (r: RunRecord) => r.metrics[m.key] ?? Number.NaN;
      return {
        cell,
        metric: m.key,
        direction: m.direction,
        tonight: ofCell.filter((r) => r.night === options.night).map(value),
        history: ofCell.filter((r) => r.night < options.night).map(value),
      };
    }),
  );
  const gate = evaluateGate(
    inputs.filter((i) => i.tonight.length > 0),
    options.gate,
  );
  const trends = inputs.map((input): Trend => {
    const ofCell = runs.filter((r) => r.cell === input.cell && r.night <= options.night);
    const nightIds = [...new Set(ofCell.map((r) => r.night))].sort();
    const nights = nightIds
      .map((night) => {
        const those = ofCell.filter((r) => r.night === night);
        const values = those
          .filter((r) => r.valid && Number.isFinite(r.metrics[input.metric]))
          .map((r) => r.metrics[input.metric] ?? 0);
        return {
          night,
          values,
          median: values.length > 0 ? median(values) : Number.NaN,
          invalid: those.filter((r) => !r.valid).length,
        };
      })
      .filter((n) => n.values.length > 0);
    const points = computeChangePoints(
      nights.map((n) => n.median),
      options.changePoints,
    );
    return {
      cell: input.cell,
      metric: input.metric,
      direction: input.direction,
      nights,
      changePoints: points.map((p) => ({
        night: nights[p.index]?.night ?? '',
        relativeChange: p.relativeChange,
        pValue: p.stats.pValue,
      })),
      reportLinks: ofCell
        .filter((r) => r.reportLink !== undefined)
        .map((r) => ({ night: r.night, link: r.reportLink ?? '' })),
    };
  });
  return {
    campaign: options.campaign,
    night: options.night,
    gate,
    trends,
    invalidRuns: runs
      .filter((r) => r.night === options.night && !r.valid)
      .map((r) => ({
        cell: r.cell,
        repetition: r.repetition,
        reason: r.invalidReason ?? 'unknown',
      })),
    regressions: gate.filter((g) => g.verdict === 'regression').length,
  };
}
