import {
  BulkOperationError,
  CassandraStore,
  column,
  DataSource,
  DataSourceError,
  MappingError,
  MissingKeyFieldError,
  persistenceSettings,
  type DataSource as DS,
} from '../../../store';
import { allocateLoopbackBlock } from '../../../local';
import { RF1, testDataSource, uniqueKeyspace } from '../../support/store';

class Key {
  a = '';
  @column({ type: 'int' }) b = 0;
}

describe('bad input at run time is a clear, typed error (real Cassandra)', () => {
  const keyspace = uniqueKeyspace('errors');
  let ds: DS;
  let pojo: CassandraStore<Key, number>;
  let longs: CassandraStore<bigint, bigint>;
  beforeAll(() => {
    ds = testDataSource();
    pojo = new CassandraStore({
      dataSource: ds,
      settings: persistenceSettings({
        keyspace,
        keyspaceOptions: RF1,
        table: 'pojo',
        key: { strategy: 'POJO', class: Key },
        value: { strategy: 'PRIMITIVE', type: 'int' },
      }),
    });
    longs = new CassandraStore({
      dataSource: ds,
      settings: persistenceSettings({
        keyspace,
        keyspaceOptions: RF1,
        table: 'longs',
        key: { strategy: 'PRIMITIVE', type: 'bigint' },
        value: { strategy: 'PRIMITIVE', type: 'bigint' },
      }),
    });
  });
  afterAll(async () => {
    await ds.client.execute(`drop keyspace if exists ${keyspace}`);
    await ds.close();
  });

  it('a key missing a key field', async () => {
    const bad = Object.assign(new Key(), { a: undefined as unknown as string, b: 1 });
    await expect(pojo.write(bad, 1)).rejects.toThrow(MissingKeyFieldError);
    await expect(pojo.write(bad, 1)).rejects.toThrow(
      /has no value for field a \(column a\), which is part of the primary key/,
    );
  });

  it('a value of the wrong type', async () => {
    await expect(longs.write(1n, 'ten' as unknown as bigint)).rejects.toThrow(
      new MappingError(
        'value (bigint): expected a bigint or a safe integer number, got string ten',
      ),
    );
  });

  it('a bulk write completes the good items and lists exactly the bad keys with reasons', async () => {
    const entries: [bigint, bigint][] = Array.from({ length: 50 }, (_, i) => [
      BigInt(i),
      BigInt(i * 10),
    ]);
    entries[7] = [7n, 'seventy' as unknown as bigint];
    entries[31] = [31n, 1.5 as unknown as bigint];
    const error = await longs.writeAll(entries).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BulkOperationError);
    const bulk = error as BulkOperationError<bigint>;
    expect(bulk.failedKeys).toEqual([7n, 31n]);
    expect(bulk.message).toMatch(
      /^writeAll: 2 of 50 items failed \(mapping: 2\); first: key 7n: value \(bigint\): expected a bigint/,
    );
    expect(bulk.failuresByKind).toEqual({ mapping: 2 });
    const written = await longs.loadAll(entries.map(([k]) => k));
    expect(written.size).toBe(48);
    expect(written.has(7n)).toBe(false);
  });

  it('an unreachable cluster names the contact points tried', async () => {
    const block = allocateLoopbackBlock();
    try {
      const nowhere = new DataSource({
        contactPoints: [`${block.address(1)}:9042`],
        connectTimeoutMs: 2000,
      });
      const error = await nowhere.connect().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DataSourceError);
      expect((error as DataSourceError).message).toMatch(
        new RegExp(
          `Cannot reach Cassandra at ${block.address(1)}:9042 \\(${block.address(1).replace(/\./g, '\\.')}:9042: .*ECONNREFUSED`,
        ),
      );
      expect((error as DataSourceError).code).toBe('NO_HOST');
      expect((error as DataSourceError).data).toMatchObject({
        contactPoints: [`${block.address(1)}:9042`],
      });
      expect((error as DataSourceError).hint).toContain('Is Cassandra running');
      await nowhere.close();
    } finally {
      block.release();
    }
  });

  it.each([
    [{ contactPoints: [] }, /contactPoints is empty/],
    [{ contactPoints: ['host:99999'] }, /contactPoints\[0\] "host:99999" is not host\[:port\]/],
    [
      { contactPoints: ['h'], readConsistency: 'MOST' },
      /readConsistency: unknown consistency level "MOST"/,
    ],
    [{ contactPoints: ['h'], fetchSize: 0 }, /fetchSize must be an integer from 1/],
    [
      { contactPoints: ['h'], tls: { caFile: '/no/such/ca.pem' } },
      /tls\.caFile: cannot read \/no\/such\/ca\.pem/,
    ],
    [
      { contactPoints: ['h'], credentials: { username: '', password: 'x' } },
      /credentials need a username and a password/,
    ],
  ])('data source options %j are validated', (options, message) => {
    expect(() => new DataSource(options as never)).toThrow(message);
  });
});
