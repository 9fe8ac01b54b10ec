import {
  CassandraStore,
  persistenceSettings,
  SchemaError,
  type DataSource,
  type PersistenceSettings,
} from '../../../store';
import { RF1, recordingHooks, testDataSource, uniqueKeyspace } from '../../support/store';

describe('automatic schema creation (real Cassandra)', () => {
  const keyspace = uniqueKeyspace('autocreate');
  let ds: DataSource;
  const settings = (table: string): PersistenceSettings =>
    persistenceSettings({
      keyspace,
      keyspaceOptions: RF1,
      table,
      key: { strategy: 'PRIMITIVE', type: 'int' },
      value: { strategy: 'PRIMITIVE', type: 'text' },
    });

  beforeAll(() => {
    ds = testDataSource();
  });
  afterAll(async () => {
    await ds.client.execute(`drop keyspace if exists ${keyspace}`);
    await ds.close();
  });

  it('runs CREATE TABLE exactly once for 20 concurrent first writers, then every write lands', async () => {
    const hooks = recordingHooks();
    const s = settings('first_writers');
    // Twenty stores of one cache on one data source, as twenty request handlers would hold them.
    const stores = Array.from(
      { length: 20 },
      () => new CassandraStore<number, string>({ dataSource: ds, settings: s, hooks }),
    );
    await Promise.all(stores.map((store, i) => store.write(i, `writer ${i}`)));
    expect(hooks.ddl.filter((d) => d.startsWith('create table'))).toHaveLength(1);
    expect(hooks.ddl.filter((d) => d.startsWith('create keyspace'))).toHaveLength(1);
    const all = await stores[0]!.loadAll(Array.from({ length: 20 }, (_, i) => i));
    expect(all.size).toBe(20);
  });

  it('creates the table once for one store with concurrent bulk writes', async () => {
    const hooks = recordingHooks();
    const store = new CassandraStore<number, string>({
      dataSource: ds,
      settings: settings('bulk_first'),
      hooks,
    });
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.writeAll([
          [i, 'a'],
          [i + 100, 'b'],
        ]),
      ),
    );
    expect(hooks.ddl.filter((d) => d.startsWith('create table'))).toHaveLength(1);
    expect((await store.loadAll(Array.from({ length: 20 }, (_, i) => i + 100))).size).toBe(20);
  });

  it('reads of a missing table return nothing without creating it', async () => {
    const hooks = recordingHooks();
    const store = new CassandraStore<number, string>({
      dataSource: ds,
      settings: settings('never_written'),
      hooks,
    });
    expect(await store.load(1)).toBeUndefined();
    expect((await store.loadAll([1, 2])).size).toBe(0);
    await store.delete(1);
    await store.deleteAll([1, 2]);
    expect(hooks.ddl).toEqual([]);
  });

  it('with schema "none" says how to create the table instead of creating it', async () => {
    const store = new CassandraStore<number, string>({
      dataSource: ds,
      settings: settings('no_ddl'),
      schema: 'none',
    });
    await expect(store.write(1, 'x')).rejects.toThrow(SchemaError);
    await expect(store.write(1, 'x')).rejects.toThrow(
      /does not exist and automatic schema creation is off/,
    );
  });
});
