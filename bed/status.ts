/**
 * The JSON objects of a run in S3 that more than one part reads: a node's status, a barrier
 * arrival, and the final DONE / FAILED objects. Versioned; readers validate with these schemas.
 */
import { z } from 'zod';

import { ROLES } from './cloud-schema';

/** Where a node is in its role script, in order; `failed` and `done` are final. */
export const PHASES = [
  'starting',
  'installing',
  'configuring',
  'waiting',
  'ready',
  'running',
  'uploading',
  'collecting',
  'done',
  'failed',
] as const;
export type Phase = (typeof PHASES)[number];

export const nodeStatusSchema = z.strictObject({
  version: z.literal(1),
  node: z.string(),
  role: z.enum(ROLES),
  index: z.number().int().min(0),
  address: z.string(),
  phase: z.enum(PHASES),
  /** When the node entered this phase (ISO). */
  since: z.string(),
  /** When the role script started (ISO). */
  startedAt: z.string(),
  /** When this object was written (ISO). */
  updatedAt: z.string(),
  message: z.string(),
  /** The last lines of the node's main log; set on failure. */
  logTail: z.array(z.string()).default([]),
  /** Phase durations so far, ms, by phase name. */
  timingsMs: z.record(z.string(), z.number()).default({}),
});
export type NodeStatusObject = z.output<typeof nodeStatusSchema>;

export const barrierArrivalSchema = z.strictObject({
  version: z.literal(1),
  node: z.string(),
  arrivedAtEpochMs: z.number(),
});
export type BarrierArrival = z.output<typeof barrierArrivalSchema>;

export const runOutcomeSchema = z.strictObject({
  version: z.literal(1),
  outcome: z.enum(['DONE', 'FAILED']),
  runId: z.string(),
  at: z.string(),
  /** FAILED: why, naming the node. DONE: a one-line summary. */
  reason: z.string(),
  /** The node that failed, when one did. */
  node: z.string().optional(),
  logTail: z.array(z.string()).default([]),
  /** Nodes whose results are missing from the report (it is then partial). */
  missingNodes: z.array(z.string()).default([]),
  /** Report keys by load test. */
  reports: z
    .record(z.string(), z.strictObject({ json: z.string(), md: z.string(), html: z.string() }))
    .default({}),
});
export type RunOutcome = z.output<typeof runOutcomeSchema>;
