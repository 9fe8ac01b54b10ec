import { CassandraStore, column, persistenceSettings, type DataSource } from '../../../store';
import { RF1, testDataSource, uniqueKeyspace } from '../../support/store';

/** One field per CQL type the store maps. */
class AllTypes {
  @column({ type: 'text' }) text = '';
  @column({ type: 'ascii' }) ascii = '';
  @column({ type: 'varchar' }) varchar = '';
  @column({ type: 'int' }) int = 0;
  @column({ type: 'bigint' }) bigint = 0n;
  @column({ type: 'smallint' }) smallint = 0;
  @column({ type: 'tinyint' }) tinyint = 0;
  @column({ type: 'double' }) double = 0;
  @column({ type: 'float' }) float = 0;
  @column({ type: 'boolean' }) boolean = false;
  @column({ type: 'decimal' }) decimal = '0';
  @column({ type: 'varint' }) varint = 0n;
  @column({ type: 'timestamp' }) timestamp = new Date(0);
  @column({ type: 'date' }) date = '1970-01-01';
  @column({ type: 'time' }) time = '00:00:00';
  @column({ type: 'uuid' }) uuid = '';
  @column({ type: 'timeuuid' }) timeuuid = '';
  @column({ type: 'inet' }) inet = '';
  @column({ type: 'blob' }) blob = Buffer.alloc(0);
  @column({ type: 'duration' }) duration = '';
  @column({ type: 'list<int>' }) list: number[] = [];
  @column({ type: 'set<text>' }) set: string[] = [];
  @column({ type: 'map<text, bigint>' }) map = new Map<string, bigint>();
}

const full: AllTypes = Object.assign(new AllTypes(), {
  text: 'héllo wörld',
  ascii: 'plain',
  varchar: 'v',
  int: -2147483648,
  bigint: 9223372036854775807n,
  smallint: 32767,
  tinyint: -128,
  double: Math.PI,
  float: 1.5,
  boolean: true,
  decimal: '12345.678901234567890',
  varint: 2n ** 100n,
  timestamp: new Date('2024-02-29T12:34:56.789Z'),
  date: '2024-02-29',
  time: '23:59:59.123456789',
  uuid: '0d2ae8f0-4b57-4e1f-9d0e-2dbd3e3b8f11',
  timeuuid: '50554d6e-29bb-11e5-b345-feff819cdc9f',
  inet: '2001:db8::1',
  blob: Buffer.from([0, 1, 2, 255]),
  duration: '1h30m',
  list: [3, 1, 2],
  set: ['b', 'a'],
  map: new Map([['x', 1n]]),
});

describe('CQL types (real Cassandra)', () => {
  const keyspace = uniqueKeyspace('types');
  let ds: DataSource;
  let store: CassandraStore<number, AllTypes>;
  beforeAll(() => {
    ds = testDataSource();
    store = new CassandraStore({
      dataSource: ds,
      settings: persistenceSettings({
        keyspace,
        keyspaceOptions: RF1,
        table: 'all_types',
        key: { strategy: 'PRIMITIVE', type: 'int' },
        value: { strategy: 'POJO', class: AllTypes },
      }),
    });
  });
  afterAll(async () => {
    await ds.client.execute(`drop keyspace if exists ${keyspace}`);
    await ds.close();
  });

  it('round-trips every native type and list, set and map', async () => {
    await store.write(1, full);
    const back = await store.load(1);
    // Sets come back sorted by Cassandra.
    expect(back).toEqual(Object.assign(new AllTypes(), full, { set: ['a', 'b'] }));
    expect(back).toBeInstanceOf(AllTypes);
  });

  it('reads NULL columns back as null, never an exception', async () => {
    const sparse = Object.assign(new AllTypes(), { text: 'only text' }) as unknown as Record<
      string,
      unknown
    >;
    for (const k of Object.keys(sparse)) if (k !== 'text') sparse[k] = null;
    await store.write(2, sparse as unknown as AllTypes);
    const back = (await store.load(2)) as unknown as Record<string, unknown>;
    expect(back.text).toBe('only text');
    // Cassandra stores empty collections as null.
    for (const k of Object.keys(sparse)) if (k !== 'text') expect(back[k]).toBeNull();
  });

  it('clears columns a rewrite leaves out (writes replace the whole value)', async () => {
    await store.write(3, full);
    await store.write(
      3,
      Object.assign(new AllTypes(), {
        text: 'second',
        uuid: null,
        blob: null,
        list: [],
        set: [],
        map: new Map(),
        duration: null,
        inet: null,
        timeuuid: null,
      }),
    );
    const back = await store.load(3);
    expect(back?.text).toBe('second');
    expect(back?.uuid).toBeNull();
    expect(back?.list).toBeNull();
  });
});
