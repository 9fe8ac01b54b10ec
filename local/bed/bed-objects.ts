/**
 * What a local bed has in its bucket, read by whoever follows it (the launcher, `testbed bed
 * status|report`): a run's node statuses (its own nodes plus the service nodes of the first
 * run), its final object, its reports.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { BedLayout, defaultBedPrefix } from '../../bed/s3-layout';
import { runOutcomeSchema, type NodeStatusObject, type RunOutcome } from '../../bed/status';
import { BedBucket } from '../../bootstrap/shared/bucket';
import { readStatuses } from '../../bootstrap/shared/status';
import { LOCAL_S3_CREDENTIALS } from '../s3/client';
import { BUCKET } from './layout';

/** The local paths of one load test's fetched report. */
export interface FetchedReport {
  readonly md: string;
  readonly html: string;
  readonly json: string;
}

/** The S3 side of a local bed. */
export class BedObjects {
  constructor(
    readonly bucket: BedBucket,
    readonly layout: BedLayout,
    /** The first run: its Cassandra and Ignite nodes serve every later run. */
    readonly servicesRunId: string,
  ) {}

  /** The objects of bed `bedId` on the local S3 server at `endpoint`. */
  static at(endpoint: string, bedId: string, servicesRunId: string): BedObjects {
    return new BedObjects(
      localBucket(endpoint),
      new BedLayout(defaultBedPrefix(bedId)),
      servicesRunId,
    );
  }

  /** Status objects of a run: its own nodes plus the service nodes of the first run. */
  async statuses(runId: string): Promise<NodeStatusObject[]> {
    const own = await readStatuses(this.bucket, this.layout.run(runId));
    if (runId === this.servicesRunId) return own;
    const services = await readStatuses(this.bucket, this.layout.run(this.servicesRunId));
    return [...services.filter((s) => s.role !== 'tests'), ...own];
  }

  /** The run's final object once there is one. */
  async outcome(runId: string): Promise<RunOutcome | undefined> {
    const run = this.layout.run(runId);
    for (const key of [run.done, run.failed]) {
      const value = await this.bucket.getJson(key);
      if (value !== undefined) return runOutcomeSchema.parse(value);
    }
    return undefined;
  }

  /** Downloads a run's reports (and index) into `dir`; returns the local paths by load test. */
  async fetchReports(
    runId: string,
    outcome: RunOutcome,
    dir: string,
  ): Promise<Record<string, FetchedReport>> {
    const out: Record<string, FetchedReport> = {};
    for (const [name, keys] of Object.entries(outcome.reports)) {
      const base = path.join(dir, runId, name);
      mkdirSync(base, { recursive: true });
      const files = {
        md: path.join(base, 'summary.md'),
        html: path.join(base, 'report.html'),
        json: path.join(base, 'summary.json'),
      };
      await this.bucket.getFile(keys.md, files.md);
      await this.bucket.getFile(keys.html, files.html);
      await this.bucket.getFile(keys.json, files.json);
      out[name] = files;
    }
    await this.bucket.getFile(
      this.layout.run(runId).reportIndex,
      path.join(dir, runId, 'index.json'),
    );
    return out;
  }
}

/** A client of the bed's bucket on the local S3 server. */
export function localBucket(endpoint: string): BedBucket {
  return new BedBucket({
    bucket: BUCKET,
    region: 'us-east-1',
    endpoint,
    credentials: LOCAL_S3_CREDENTIALS,
  });
}
