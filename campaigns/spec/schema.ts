import { z } from 'zod';

const id = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,39}$/,
    'lower-case letters, digits and dashes, at most 40, e.g. ts-store',
  );

/** One value of a matrix axis: a name and the bed-spec keys it changes. */
const axisValueSchema = z.strictObject({
  name: id,
  /** Deep-merged onto the base bed spec (objects merge, lists and scalars replace). */
  overrides: z.record(z.string(), z.unknown()).default({}),
  /** Deep-merged into the config of every inline load test of the bed (e.g. bulkSize). */
  loadTestOverrides: z.record(z.string(), z.unknown()).default({}),
});

/** A gated metric of a load test's workload. */
const metricSchema = z.strictObject({
  loadTest: z.string().min(1),
  workload: z.string().min(1),
  metric: z.enum(['throughputOpsPerSec', 'latencyP99Ms']),
});

/** The campaign spec: what runs every night, how often, and how regressions are judged. */
export const campaignSpecSchema = z.strictObject({
  $schema: z.string().optional(),
  name: id,
  description: z.string().optional(),
  /** The base bed spec (path relative to this file). */
  bed: z.string().min(1),
  /**
   * Axes of the matrix: each axis lists values; the cells are every combination (one value per
   * axis), named `<value>` joined by `+`. An empty matrix is one cell, `base`.
   */
  matrix: z.record(id, z.array(axisValueSchema).min(1)).default({}),
  /** Runs of every cell each night. */
  repetitions: z.int().min(1).max(20).default(3),
  /** Metrics to gate; default: throughput and p99 of every workload of every load test. */
  metrics: z.array(metricSchema).optional(),
  gate: z
    .strictObject({
      baselineRuns: z.int().min(2).max(200).default(20),
      alpha: z.number().gt(0).lt(0.5).default(0.01),
      test: z.enum(['permutation', 'mann-whitney']).default('permutation'),
    })
    .default({ baselineRuns: 20, alpha: 0.01, test: 'permutation' }),
  changePoints: z
    .strictObject({
      windowLength: z.int().min(4).default(50),
      maxPValue: z.number().gt(0).lt(1).default(0.001),
    })
    .default({ windowLength: 50, maxPValue: 0.001 }),
  /** Cloud schedule: EventBridge Scheduler cron (6 fields) in an IANA time zone. */
  schedule: z
    .strictObject({
      cron: z
        .string()
        .regex(
          /^\S+ \S+ \S+ \S+ \S+ \S+$/,
          'an EventBridge cron expression with 6 fields: minutes hours day-of-month month day-of-week year, e.g. "0 2 * * ? *"',
        ),
      timeZone: z.string().refine((tz) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, 'an IANA time zone such as UTC or Europe/Berlin'),
    })
    .optional(),
  /** Command run with the Markdown verdict on stdin after each night (local notification hook). */
  notify: z.strictObject({ command: z.array(z.string()).min(1) }).optional(),
});

/** A validated campaign spec. */
export type CampaignSpec = z.infer<typeof campaignSpecSchema>;
/** A gated metric. */
export type GatedMetric = z.infer<typeof metricSchema>;
