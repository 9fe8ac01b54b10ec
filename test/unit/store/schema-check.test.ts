import { affinityKey, column, persistenceSettings } from '../../../store';
import { compareSchema, parseCqlMap, splitOptions } from '../../../store/ddl/check';
import type { LiveColumn, LiveIndex, LiveSchema } from '../../../store/ddl/live-schema';

class Id {
  @affinityKey() customer = '';
  @column({ type: 'bigint', descending: true }) seq = 0n;
}
class V {
  @column({ index: 'sai' }) status = '';
  @column({ type: 'int', static: true }) region = 0;
  note = '';
}
const settings = persistenceSettings({
  keyspace: 'shop',
  keyspaceOptions:
    "replication = {'class': 'SimpleStrategy', 'replication_factor': 3} and durable_writes = true",
  table: 'orders',
  tableOptions:
    "comment = 'orders and more' AND gc_grace_seconds = 3600 AND compaction = {'class': 'LeveledCompactionStrategy'}",
  key: { strategy: 'POJO', class: Id },
  value: { strategy: 'POJO', class: V },
});

const col = (
  name: string,
  type: string,
  kind: LiveColumn['kind'],
  position = -1,
  clusteringOrder: LiveColumn['clusteringOrder'] = 'none',
): LiveColumn => ({
  name,
  type,
  kind,
  position,
  clusteringOrder,
});

/** The live schema exactly as the store would create it. */
function matching(): {
  keyspace: NonNullable<LiveSchema['keyspace']>;
  columns: LiveColumn[];
  options: Map<string, string>;
  indexes: LiveIndex[];
} {
  return {
    keyspace: {
      replication: new Map([
        ['class', 'org.apache.cassandra.locator.SimpleStrategy'],
        ['replication_factor', '3'],
      ]),
      durableWrites: true,
    },
    columns: [
      col('customer', 'text', 'partition_key', 0),
      col('seq', 'bigint', 'clustering', 0, 'desc'),
      col('status', 'text', 'regular'),
      col('region', 'int', 'static'),
      col('note', 'text', 'regular'),
    ],
    options: new Map([
      ['comment', 'orders and more'],
      ['gc_grace_seconds', '3600'],
      ['compaction.class', 'org.apache.cassandra.db.compaction.LeveledCompactionStrategy'],
    ]),
    indexes: [
      {
        name: 'orders_status_idx',
        kind: 'CUSTOM',
        options: new Map([
          ['target', 'status'],
          ['class_name', 'org.apache.cassandra.index.sai.StorageAttachedIndex'],
        ]),
      },
    ],
  };
}

function diffs(change: (live: ReturnType<typeof matching>) => void): string[] {
  const live = matching();
  change(live);
  return compareSchema(settings, 'orders', {
    keyspace: live.keyspace,
    table: { columns: live.columns, options: live.options },
    indexes: live.indexes,
  }).map((d) => `${d.kind}: ${d.message}`);
}

describe('compareSchema', () => {
  it('finds nothing on a matching table', () => {
    expect(diffs(() => undefined)).toEqual([]);
  });

  it.each<[string, (l: ReturnType<typeof matching>) => void, string | string[]]>([
    [
      'a missing column',
      (l) => (l.columns = l.columns.filter((c) => c.name !== 'note')),
      'missing-column: column "note" (text) is missing',
    ],
    [
      'an extra column',
      (l) => l.columns.push(col('legacy', 'blob', 'regular')),
      'extra-column: column "legacy" (blob) is not in the descriptor',
    ],
    [
      'a type mismatch',
      (l) => (l.columns[4] = col('note', 'int', 'regular')),
      'type: column "note" is int, the descriptor wants text',
    ],
    [
      'another partition key',
      (l) => (l.columns[1] = col('seq', 'bigint', 'partition_key', 1)),
      [
        'partition-key: the partition key is ("customer", "seq"), the descriptor wants ("customer")',
        'clustering-key: the clustering columns are (), the descriptor wants ("seq")',
      ],
    ],
    [
      'another clustering order',
      (l) => (l.columns[1] = col('seq', 'bigint', 'clustering', 0, 'asc')),
      'clustering-order: clustering order of "seq" is asc, the descriptor wants desc',
    ],
    [
      'a column that should be static',
      (l) => (l.columns[3] = col('region', 'int', 'regular')),
      'static: column "region" is not static, the descriptor wants it static',
    ],
    [
      'a missing index',
      (l) => (l.indexes = []),
      'missing-index: an SAI index on "status" is missing',
    ],
    [
      'another kind of index',
      (l) =>
        (l.indexes = [{ name: 'i', kind: 'COMPOSITES', options: new Map([['target', 'status']]) }]),
      'index-kind: the index on "status" is a classic index, the descriptor wants an SAI index',
    ],
    [
      'another table option',
      (l) => l.options.set('gc_grace_seconds', '864000'),
      'option: table option gc_grace_seconds is 864000, the descriptor wants 3600',
    ],
    [
      'another compaction',
      (l) =>
        l.options.set(
          'compaction.class',
          'org.apache.cassandra.db.compaction.SizeTieredCompactionStrategy',
        ),
      'option: table option compaction class is SizeTieredCompactionStrategy, the descriptor wants LeveledCompactionStrategy',
    ],
    [
      'another replication',
      (l) =>
        (l.keyspace = {
          ...l.keyspace,
          replication: new Map([
            ['class', 'org.apache.cassandra.locator.NetworkTopologyStrategy'],
            ['dc1', '3'],
          ]),
        }),
      "replication: keyspace \"shop\" replication is {'class': 'NetworkTopologyStrategy', 'dc1': '3'}, the descriptor wants {'class': 'SimpleStrategy', 'replication_factor': '3'}",
    ],
  ])('reports %s', (_name, change, expected) => {
    expect(diffs(change)).toEqual(Array.isArray(expected) ? expected : [expected]);
  });

  it('reports a missing keyspace or table alone', () => {
    expect(compareSchema(settings, 'orders', { indexes: [] }).map((d) => d.kind)).toEqual([
      'missing-keyspace',
    ]);
    expect(
      compareSchema(settings, 'orders', { keyspace: matching().keyspace, indexes: [] }).map(
        (d) => d.kind,
      ),
    ).toEqual(['missing-table']);
  });
});

describe('option parsing', () => {
  it('splits at top-level ANDs only', () => {
    expect(
      splitOptions(
        "comment = 'this and that' AND caching = {'keys': 'ALL'} and gc_grace_seconds = 1",
      ),
    ).toEqual(["comment = 'this and that'", "caching = {'keys': 'ALL'}", 'gc_grace_seconds = 1']);
  });

  it('reads CQL map literals', () => {
    expect(parseCqlMap("{'class' : 'SimpleStrategy', 'replication_factor' : 3}")).toEqual(
      new Map([
        ['class', 'SimpleStrategy'],
        ['replication_factor', '3'],
      ]),
    );
  });
});
