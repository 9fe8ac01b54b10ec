import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { CassandraStore, persistenceSettings, StoreError, type DataSource } from '../../../store';
import { RF1, testDataSource, uniqueKeyspace } from '../../support/store';

/** Forces a full GC so heap samples show what is retained, not garbage not yet collected. */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const retainedHeap = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

describe('loadCache (real Cassandra)', () => {
  const keyspace = uniqueKeyspace('loadcache');
  let ds: DataSource;
  let small: CassandraStore<bigint, string>;
  beforeAll(async () => {
    ds = testDataSource();
    small = new CassandraStore({
      dataSource: ds,
      settings: persistenceSettings({
        keyspace,
        keyspaceOptions: RF1,
        table: 'small',
        key: { strategy: 'PRIMITIVE', type: 'bigint' },
        value: { strategy: 'PRIMITIVE', type: 'text' },
      }),
    });
    await small.writeAll(Array.from({ length: 100 }, (_, i) => [BigInt(i), `v${i}`] as const));
  });
  afterAll(async () => {
    await ds.client.execute(`drop keyspace if exists ${keyspace}`);
    await ds.close();
  });

  it('with no arguments loads every row exactly once', async () => {
    const seen = new Map<bigint, string>();
    for await (const [k, v] of small.loadCache()) {
      expect(seen.has(k)).toBe(false);
      seen.set(k, v);
    }
    expect(seen.size).toBe(100);
    expect(seen.get(42n)).toBe('v42');
  });

  it('honours a LIMIT in a query, and runs statements with parameters', async () => {
    const limited: bigint[] = [];
    for await (const [k] of small.loadCache(`select key, value from ${keyspace}.small limit 3;`))
      limited.push(k);
    expect(limited).toHaveLength(3);
    const some: [bigint, string][] = [];
    for await (const e of small.loadCache({
      query: `select key, value from ${keyspace}.small where key in (?, ?)`,
      params: [5n, 7n],
    }))
      some.push(e);
    expect(new Map(some)).toEqual(
      new Map([
        [5n, 'v5'],
        [7n, 'v7'],
      ]),
    );
  });

  it('refuses statements that are not SELECTs or do not select every column', async () => {
    expect(() => small.loadCache(`delete from ${keyspace}.small where key = 1`)).toThrow(
      StoreError,
    );
    const iterate = async () => {
      const rows = small.loadCache(`select key from ${keyspace}.small`)[Symbol.asyncIterator]();
      await rows.next();
    };
    await expect(iterate()).rejects.toThrow(/does not select the column\(s\) value/);
  });

  it('yields nothing for a table that does not exist yet', async () => {
    const absent = new CassandraStore({
      dataSource: ds,
      settings: persistenceSettings({
        keyspace,
        table: 'absent',
        key: { strategy: 'PRIMITIVE', type: 'int' },
        value: { strategy: 'PRIMITIVE', type: 'int' },
      }),
    });
    const rows: unknown[] = [];
    for await (const e of absent.loadCache()) rows.push(e);
    expect(rows).toEqual([]);
  });

  it('scans a 100,000-row table in parallel token ranges with bounded memory', async () => {
    const big = new CassandraStore<number, string>({
      dataSource: ds,
      settings: persistenceSettings({
        keyspace,
        keyspaceOptions: RF1,
        table: 'big',
        key: { strategy: 'PRIMITIVE', type: 'int' },
        value: { strategy: 'PRIMITIVE', type: 'text' },
      }),
      fetchSize: 500,
      scanParallelism: 4,
      maxInFlight: 256,
    });
    const value = (i: number) => `${i}:`.padEnd(300, 'x');
    const rows = 100_000;
    for (let start = 0; start < rows; start += 10_000) {
      await big.writeAll(
        Array.from({ length: 10_000 }, (_, j) => [start + j, value(start + j)] as const),
      );
    }
    // 100,000 rows × 300+ characters would retain well over 60 MB if the scan buffered them.
    const baseline = retainedHeap();
    let count = 0;
    let sum = 0;
    let peakGrowth = 0;
    for await (const [k, v] of big.loadCache()) {
      count++;
      sum += k;
      if (v !== value(k)) throw new Error(`row ${k} read back wrong`);
      if (count % 20_000 === 0) peakGrowth = Math.max(peakGrowth, retainedHeap() - baseline);
    }
    expect(count).toBe(rows);
    expect(sum).toBe((rows * (rows - 1)) / 2);
    // Bounded by ~2 × parallelism pages: 4,000 rows of ~0.7 KB in JS, plus driver buffers.
    expect(peakGrowth).toBeLessThan(20 * 1024 * 1024);
  }, 240_000);
});
