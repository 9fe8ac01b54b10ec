import {
  affinityKey,
  BulkOperationError,
  CassandraStore,
  column,
  persistenceSettings,
  type DataSource,
  type PersistenceInput,
} from '../../../store';
import { RF1, testDataSource, uniqueKeyspace } from '../../support/store';

/** Partition key: the sensor (the affinity field); clustering column: the time. */
class Reading {
  @affinityKey() sensor = '';
  @column({ type: 'int' }) at = 0;
}

describe('bulk calls grouped by replica set (real Cassandra)', () => {
  const keyspace = uniqueKeyspace('grouping');
  let ds: DataSource;
  const warnings: string[] = [];

  /** Requests Cassandra has received from every client so far (`system_views.clients`). */
  async function requestsServed(): Promise<number> {
    const rs = await ds.client.execute('select request_count from system_views.clients');
    return rs.rows.reduce((n, r) => n + Number(r['request_count']), 0);
  }

  function store<K, V>(
    table: string,
    key: PersistenceInput,
    value: PersistenceInput,
    bulkGrouping: 'replica' | 'partition',
  ): CassandraStore<K, V> {
    return new CassandraStore<K, V>({
      dataSource: ds,
      bulkGrouping,
      settings: persistenceSettings({ keyspace, keyspaceOptions: RF1, table, key, value }),
    });
  }

  beforeAll(async () => {
    ds = testDataSource();
    await ds.connect();
    ds.client.on('log', (level: string, _where: string, message: string) => {
      if (level === 'warning') warnings.push(message);
    });
  });
  afterAll(async () => {
    await ds.client.execute(`drop keyspace if exists ${keyspace}`);
    await ds.close();
  });

  it.each(['replica', 'partition'] as const)(
    '%s grouping: writeAll, loadAll and deleteAll give the same results; replica grouping needs a tenth of the requests',
    async (mode) => {
      const s = store<bigint, string>(
        `kv_${mode}`,
        { strategy: 'PRIMITIVE', type: 'bigint' },
        { strategy: 'PRIMITIVE', type: 'text' },
        mode,
      );
      await s.write(-1n, 'creates the table');
      const entries = Array.from({ length: 1000 }, (_, i) => [BigInt(i), `v${i}`] as const);
      const keys = Array.from({ length: 1050 }, (_, i) => BigInt(i));

      const before = await requestsServed();
      await s.writeAll(entries);
      const written = await requestsServed();
      const loaded = await s.loadAll(keys);
      const read = await requestsServed();
      await s.deleteAll(keys.slice(0, 500));
      const deleted = await requestsServed();

      expect(loaded.size).toBe(1000);
      for (const [k, v] of entries) expect(loaded.get(k)).toBe(v);
      const left = await s.loadAll(keys);
      expect([...left.keys()].sort((a, b) => Number(a - b))).toEqual(keys.slice(500, 1000));

      // Each interval also counts the one request that reads the counters.
      const requests = [written - before, read - written, deleted - read].map((n) => n - 1);
      if (mode === 'replica') {
        expect(requests[0]).toBeLessThanOrEqual(110);
        expect(requests[1]).toBeLessThanOrEqual(115);
        expect(requests[2]).toBeLessThanOrEqual(60);
      } else {
        expect(requests[0]).toBeGreaterThanOrEqual(1000);
        expect(requests[1]).toBeGreaterThanOrEqual(1050);
        expect(requests[2]).toBeGreaterThanOrEqual(500);
      }
      // Groups stay within Cassandra's unlogged-batch warning threshold.
      expect(warnings.filter((w) => /batch/i.test(w))).toEqual([]);
    },
  );

  it('matches IN results to keys by their bytes: uuid keys given in upper case come back', async () => {
    const s = store<string, number>(
      'by_uuid',
      { strategy: 'PRIMITIVE', type: 'uuid' },
      { strategy: 'PRIMITIVE', type: 'int' },
      'replica',
    );
    const ids = Array.from(
      { length: 25 },
      (_, i) => `0000${i.toString(16).padStart(4, '0')}-AAAA-4BBB-8CCC-DDDDEEEEFFFF`,
    );
    await s.writeAll(ids.map((id, i) => [id, i] as const));
    const loaded = await s.loadAll([...ids, '00000000-0000-4000-8000-000000000000']);
    expect(loaded.size).toBe(25);
    ids.forEach((id, i) => {
      expect(loaded.get(id)).toBe(i);
    });
  });

  it('a group Cassandra refuses is retried key by key: only the bad key fails', async () => {
    const s = store<string, number>(
      'by_name',
      { strategy: 'PRIMITIVE', type: 'text' },
      { strategy: 'PRIMITIVE', type: 'int' },
      'replica',
    );
    const names = ['a', 'b', '', 'c', 'd'];
    const error = await s.writeAll(names.map((n, i) => [n, i] as const)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BulkOperationError);
    const failures = (error as BulkOperationError).failures;
    expect(failures.map((f) => f.key)).toEqual(['']);
    expect(String(failures[0]?.error)).toMatch(/Key may not be empty/);
    const loaded = await s.loadAll(['a', 'b', 'c', 'd']);
    expect([...loaded.values()].sort()).toEqual([0, 1, 3, 4]);
  });

  it('writes the clustering rows of several partitions in grouped batches and reads them back', async () => {
    const s = store<Reading, number>(
      'readings',
      { strategy: 'POJO', class: Reading },
      { strategy: 'PRIMITIVE', type: 'int' },
      'replica',
    );
    const key = (i: number) => Object.assign(new Reading(), { sensor: `s${i % 7}`, at: i });
    await s.writeAll(Array.from({ length: 200 }, (_, i) => [key(i), i] as const));
    const keys = Array.from({ length: 210 }, (_, i) => key(i));
    const loaded = await s.loadAll(keys);
    expect(loaded.size).toBe(200);
    keys.slice(0, 200).forEach((k, i) => {
      expect(loaded.get(k)).toBe(i);
    });
    const rows = await ds.client.execute(`select count(*) as n from ${keyspace}.readings`);
    expect(Number(rows.first()['n'])).toBe(200);
  });
});
