/**
 * The results format (version 1): what one node writes after a run, and what merging N nodes'
 * results gives back (the same shape, with every node listed). Defined once with zod: the types
 * come from it, `load-test-result.schema.json` is emitted from it, and every file read back is
 * validated against it.
 *
 * Units are in the field names. Histograms travel encoded (HdrHistogram compressed base64, values
 * in nanoseconds) and are merged by adding them; the `…Ms` percentile summaries next to them are
 * derived and are recomputed after a merge, never averaged.
 */
import { z } from 'zod';

import { OPERATION_TYPES, WORKLOADS } from '../operations';

export const RESULT_FORMAT = 'ignite-cassandra-testbed/load-test-result';
export const RESULT_VERSION = 1;

const count = z.number().int().min(0);

export const latencySummarySchema = z
  .strictObject({
    count,
    minMs: z.number().min(0),
    meanMs: z.number().min(0),
    p50Ms: z.number().min(0),
    p90Ms: z.number().min(0),
    p99Ms: z.number().min(0),
    p999Ms: z.number().min(0),
    maxMs: z.number().min(0),
  })
  .describe('derived from the histogram next to it');

export const histogramSchema = z.strictObject({
  encoding: z.literal('hdr-compressed-base64'),
  unit: z.literal('ns'),
  data: z.string(),
});

export const seriesSchema = z
  .strictObject({
    startEpochSec: z
      .number()
      .int()
      .describe('wall-clock second of the first bucket; bucket i covers [start+i, start+i+1)'),
    callsPerSec: z.array(count),
    entriesPerSec: z.array(count),
    errorsPerSec: z.array(count),
  })
  .describe('completions per wall-clock second, aligned to epoch seconds so nodes add up exactly');

export const operationStatsSchema = z.strictObject({
  calls: count.describe('successful target calls'),
  entries: count.describe('entries in successful calls (bulk calls carry bulkSize each)'),
  errors: count.describe('failed calls'),
  errorEntries: count.describe(
    'entries that failed: every entry of a failed call, or exactly the failed items of a bulk call that reports them',
  ),
  errorsByKind: z
    .record(z.string(), count)
    .describe('failed calls by kind (a bulk call under its first failed item’s kind)'),
  errorEntriesByKind: z
    .record(z.string(), count)
    .optional()
    .describe(
      'failed entries by their own kind; adds up to errorEntries (absent in results before it)',
    ),
  retries: count.describe('retries the target reported'),
  misses: count.describe('reads that found no value (an error too when reads are verified)'),
  throughputOpsPerSec: z.number().min(0).describe('calls / phase duration, summed over nodes'),
  throughputEntriesPerSec: z.number().min(0),
  latency: latencySummarySchema.describe(
    'successful calls, measured from the intended start time (open loop: the schedule)',
  ),
  latencyHistogram: histogramSchema,
  serviceTime: latencySummarySchema
    .optional()
    .describe('open loop only: from the actual send, what a closed loop would have shown'),
  serviceTimeHistogram: histogramSchema.optional(),
  series: seriesSchema,
});

export const nodePhaseSchema = z.strictObject({
  node: z.number().int().min(0),
  startedAtEpochMs: z.number(),
  durationMs: z.number().min(0),
  calls: count,
  entries: count,
  errors: count,
  throughputOpsPerSec: z.number().min(0),
  throughputEntriesPerSec: z.number().min(0),
  latencyP50Ms: z.number().min(0),
  latencyP99Ms: z.number().min(0),
  cpuUserMs: z.number().min(0),
  cpuSystemMs: z.number().min(0),
  cpuCoreFraction: z.number().min(0).describe('CPU time / wall time of the client process'),
  rssMaxBytes: count,
  heapUsedMaxBytes: count,
});

export const phaseSchema = z.strictObject({
  startedAtEpochMs: z.number(),
  endedAtEpochMs: z.number(),
  durationMs: z.number().min(0).describe('longest node duration'),
  operations: z.partialRecord(z.enum(OPERATION_TYPES), operationStatsSchema),
  nodes: z.array(nodePhaseSchema).describe('per node: for comparison and client resource use'),
});

export const workloadResultSchema = z.strictObject({
  name: z.enum(WORKLOADS),
  status: z.enum(['completed', 'interrupted', 'failed']),
  failure: z.string().optional().describe('why the workload failed (set-up, target)'),
  mode: z.enum(['closed', 'open']),
  concurrency: z.number().int().min(1),
  bulkSize: z.number().int().min(1),
  rateOpsPerSec: z.number().optional().describe('open loop: target calls per second per node'),
  readRatio: z.number().optional().describe('MIXED only'),
  warmup: phaseSchema.describe('reported apart; never part of the measured figures'),
  measured: phaseSchema,
});

export const nodeInfoSchema = z.strictObject({
  index: z.number().int().min(0),
  name: z.string(),
  hostname: z.string(),
  pid: z.number().int(),
  nodeVersion: z.string(),
  cpuCount: z.number().int(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  interrupted: z.boolean(),
});

export const loadTestResultSchema = z.strictObject({
  format: z.literal(RESULT_FORMAT),
  version: z.literal(RESULT_VERSION),
  runId: z.string(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  interrupted: z.boolean().describe('stopped early (Ctrl-C); figures cover what ran'),
  target: z.strictObject({ kind: z.string(), description: z.string() }),
  nodes: z.array(nodeInfoSchema).min(1),
  config: z.record(z.string(), z.unknown()).describe('the validated configuration of node 0'),
  workloads: z.array(workloadResultSchema),
});

export type LatencySummary = z.infer<typeof latencySummarySchema>;
export type EncodedHistogram = z.infer<typeof histogramSchema>;
export type Series = z.infer<typeof seriesSchema>;
export type OperationStats = z.infer<typeof operationStatsSchema>;
export type NodePhase = z.infer<typeof nodePhaseSchema>;
export type PhaseResult = z.infer<typeof phaseSchema>;
export type WorkloadResult = z.infer<typeof workloadResultSchema>;
export type NodeInfo = z.infer<typeof nodeInfoSchema>;
/** A node's results, or several nodes' merged results. */
export type LoadTestResult = z.infer<typeof loadTestResultSchema>;
