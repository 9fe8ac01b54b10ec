/**
 * A node's status object in S3 (`status/<role>-<index>.json`): written at every phase change, so
 * launchers and other nodes see where each node is; `failed` carries the reason and a log tail.
 */
import type { NodeId, RunLayout } from '../../bed/s3-layout';
import { nodeStatusSchema, type NodeStatusObject, type Phase } from '../../bed/status';
import type { BedBucket } from './bucket';
import type { NodeIdentity } from './identity';

/** Writes one node's status object. */
export class StatusReporter {
  private phase: Phase = 'starting';
  private since = new Date();
  private readonly startedAt = new Date();
  private readonly timingsMs: Record<string, number> = {};

  constructor(
    private readonly bucket: BedBucket,
    private readonly run: RunLayout,
    readonly node: NodeId,
    private readonly identity: NodeIdentity,
    private readonly log: (line: string) => void,
  ) {}

  /** Enters `phase` (recording how long the previous one took) and writes the status. */
  async enter(phase: Phase, message: string, logTail: readonly string[] = []): Promise<void> {
    const now = new Date();
    this.timingsMs[this.phase] =
      (this.timingsMs[this.phase] ?? 0) + (now.getTime() - this.since.getTime());
    this.phase = phase;
    this.since = now;
    this.log(`[${this.node}] ${phase}: ${message}`);
    await this.write(message, logTail);
  }

  /** Records a named duration (e.g. `merge`) shown with the status. */
  timing(name: string, ms: number): void {
    this.timingsMs[name] = ms;
  }

  /** Rewrites the status with a new message in the same phase. */
  async note(message: string): Promise<void> {
    this.log(`[${this.node}] ${message}`);
    await this.write(message, []);
  }

  private async write(message: string, logTail: readonly string[]): Promise<void> {
    const status: NodeStatusObject = {
      version: 1,
      node: this.node,
      role: this.identity.role,
      index: this.identity.index,
      address: this.identity.address,
      phase: this.phase,
      since: this.since.toISOString(),
      startedAt: this.startedAt.toISOString(),
      updatedAt: new Date().toISOString(),
      message,
      logTail: [...logTail],
      timingsMs: { ...this.timingsMs },
    };
    await this.bucket.putJson(this.run.status(this.node), status);
  }
}

/** Reads every node status of a run (nodes that wrote none yet are absent). */
export async function readStatuses(bucket: BedBucket, run: RunLayout): Promise<NodeStatusObject[]> {
  const keys = await bucket.list(run.statusPrefix);
  const statuses = await Promise.all(keys.map((k) => bucket.getJson(k)));
  return statuses.flatMap((s) => {
    const parsed = nodeStatusSchema.safeParse(s);
    return parsed.success ? [parsed.data] : [];
  });
}
