import { groupByReplicas } from '../../../store/private/grouping';

/** Params are [partition, clustering]; partitions p0…p9 live on node A when even, node B when odd. */
const router = {
  routingKey: (params: readonly unknown[]): Buffer => {
    if (params[0] === 'bad') throw new TypeError('cannot encode');
    return Buffer.from(String(params[0]));
  },
  replicaSet: (key: Buffer): string | undefined => {
    const s = key.toString();
    if (s.startsWith('new')) return undefined;
    return Number(s.slice(1)) % 2 === 0 ? 'A' : 'B';
  },
};

const partitionOf = (bound: unknown[][], group: number[]) =>
  new Set(group.map((i) => bound[i]?.[0]));

describe('grouping bulk items by replica set', () => {
  it('puts only partitions of one replica set together, within the partition and row limits', () => {
    const bound = Array.from({ length: 100 }, (_, i) => [`p${i % 25}`, i]);
    const { groups, routingKeys } = groupByReplicas(router, bound, {
      maxPartitions: 3,
      maxRows: 8,
    });
    expect(groups.flat().sort((a, b) => a - b)).toEqual(bound.map((_, i) => i));
    for (const g of groups) {
      const partitions = [...partitionOf(bound, g)].map((p) => Number(String(p).slice(1)) % 2);
      expect(new Set(partitions).size).toBe(1);
      expect(partitionOf(bound, g).size).toBeLessThanOrEqual(3);
      expect(g.length).toBeLessThanOrEqual(8);
    }
    // Each partition has 4 rows: with 8 rows per request, two whole partitions per request.
    for (const g of groups) expect(g.length % 4).toBe(0);
    expect(routingKeys[7]?.toString()).toBe('p7');
  });

  it('splits a partition larger than the row limit over several requests', () => {
    const bound = Array.from({ length: 10 }, (_, i) => ['p0', i]);
    const { groups } = groupByReplicas(router, bound, { maxPartitions: 10, maxRows: 4 });
    expect(groups.map((g) => g.length)).toEqual([4, 4, 2]);
  });

  it('leaves unbound items out, and sends unencodable keys and keys of unknown replicas alone', () => {
    const bound = [['p0', 1], undefined, ['bad', 2], ['new1', 3], ['new2', 4], ['p2', 5]];
    const { groups } = groupByReplicas(router, bound, { maxPartitions: 10, maxRows: 10 });
    expect(groups).toEqual(expect.arrayContaining([[2], [3], [4], [0, 5]]));
    expect(groups).toHaveLength(4);
  });
});
