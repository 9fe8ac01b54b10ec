import { z } from 'zod';

/** Format tag and version of a run record in the history. */
export const RUN_RECORD_FORMAT = 'ignite-cassandra-testbed/campaign-run';

/** Where and with what a run ran: enough to tell whether two runs are comparable. */
export const runEnvironmentSchema = z.strictObject({
  /** Git commit of the project that ran. */
  gitCommit: z.string(),
  /** sha256 of the resolved bed spec of the cell. */
  specHash: z.string(),
  /** Versions of what ran: node, cassandra, ignite, jdk, the project… */
  versions: z.record(z.string(), z.string()),
  /** Instance type per role (cloud); empty locally. */
  instanceTypes: z.record(z.string(), z.string()).default({}),
  ami: z.string().optional(),
  /** Canary figures (e.g. a fixed CPU or disk probe), when measured. */
  canary: z.record(z.string(), z.number()).default({}),
  /** `local` or the cloud region. */
  where: z.string(),
});

/**
 * One run (one repetition of one cell on one night). Invalid runs (interrupted: spot notice, node
 * lost, a failed bed) are recorded with their reason and never compared.
 */
export const runRecordSchema = z.strictObject({
  format: z.literal(RUN_RECORD_FORMAT),
  version: z.literal(1),
  campaign: z.string(),
  /** Night id: the UTC start of the campaign run, `YYYY-MM-DDTHH-MM-SSZ` (sorts by time). */
  night: z.string().regex(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ$/),
  cell: z.string(),
  repetition: z.int().min(0),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  valid: z.boolean(),
  invalidReason: z.string().optional(),
  /** Figures by `<loadTest>/<workload>/<metric>`. */
  metrics: z.record(z.string(), z.number()),
  /** Link (relative path or URL) to the run's own load-test report. */
  reportLink: z.string().optional(),
  environment: runEnvironmentSchema,
});

export type RunRecord = z.infer<typeof runRecordSchema>;
export type RunEnvironment = z.input<typeof runEnvironmentSchema>;

/** A night id for a start time: sortable, usable in paths and S3 keys. */
export function nightId(at: Date): string {
  return at
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/:/g, '-');
}
