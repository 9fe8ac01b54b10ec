/**
 * How the items of a bulk call share requests: by partition (one request per partition), or by
 * replica set (the partitions whose replicas are the same nodes go together, a bounded number per
 * request).
 */
import type { ReplicaRouter } from './replicas';

/** Items (indexes into a bulk call's keys) grouped for one request each. */
export interface ItemGroups {
  readonly groups: number[][];
  /** The routing key of each bound item (undefined for unbound or unencodable items). */
  readonly routingKeys: (Buffer | undefined)[];
}

/** Limits of one grouped request. */
export interface GroupLimits {
  /** Distinct partitions per request. */
  readonly maxPartitions: number;
  /** Rows per request (a partition with more rows spans several requests). */
  readonly maxRows: number;
}

/**
 * Groups bound items by replica set, then into requests of at most `maxPartitions` partitions and
 * `maxRows` rows, keeping the rows of one partition together as far as `maxRows` allows. An item
 * whose partition key cannot be encoded is a group of its own (its statement reports the error);
 * partitions whose replicas are unknown (no token map yet) are grouped only with themselves.
 */
export function groupByReplicas(
  router: Pick<ReplicaRouter, 'routingKey' | 'replicaSet'>,
  bound: readonly (unknown[] | undefined)[],
  limits: GroupLimits,
): ItemGroups {
  const routingKeys: (Buffer | undefined)[] = new Array<Buffer | undefined>(bound.length);
  const groups: number[][] = [];
  const sets = new Map<string, Map<string, number[]>>();
  for (let i = 0; i < bound.length; i++) {
    const params = bound[i];
    if (!params) continue;
    let key: Buffer;
    try {
      key = router.routingKey(params);
    } catch {
      groups.push([i]);
      continue;
    }
    routingKeys[i] = key;
    const partition = key.toString('latin1');
    const set = router.replicaSet(key) ?? `unknown:${partition}`;
    let partitions = sets.get(set);
    if (!partitions) sets.set(set, (partitions = new Map<string, number[]>()));
    const rows = partitions.get(partition);
    if (rows) rows.push(i);
    else partitions.set(partition, [i]);
  }
  for (const partitions of sets.values()) {
    let current: number[] = [];
    let count = 0;
    for (const rows of partitions.values()) {
      for (let start = 0; start < rows.length; start += limits.maxRows) {
        const chunk = rows.slice(start, start + limits.maxRows);
        if (
          current.length > 0 &&
          (count >= limits.maxPartitions || current.length + chunk.length > limits.maxRows)
        ) {
          groups.push(current);
          current = [];
          count = 0;
        }
        current.push(...chunk);
        count++;
      }
    }
    if (current.length > 0) groups.push(current);
  }
  return { groups, routingKeys };
}
