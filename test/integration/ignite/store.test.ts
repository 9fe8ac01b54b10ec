import path from 'node:path';

import IgniteClient from 'apache-ignite-client';

import { waitFor } from '../../../common/wait';
import { complexTypeOf, pojo, typedCache, uuidFromClient } from '../../../ignite/thin-client';
import type { IgniteStoreCluster } from '../../../local/ignite/store-cluster';
import { loadPersistenceXml, type DataSource, type PersistenceSettings } from '../../../store';
import {
  connectClient,
  ordersDescriptor,
  primitiveDescriptor,
  runTransactions,
  startStoreCluster,
  writeDescriptor,
  stopSuite,
} from '../../support/ignite';
import { suiteDir } from '../../support/services';
import { testDataSource, uniqueKeyspace } from '../../support/store';

const { ObjectType, ComplexObjectType } = IgniteClient;
type Row = Record<string, unknown>;

/**
 * Ignite 2.17 server nodes whose caches persist through the Java bridge and the TypeScript store
 * sidecar to the integration run's Cassandra; clients are the Node thin client (and the Java thin
 * client for transactions, which the Node client lacks).
 */
describe('Ignite with the TypeScript store (real Ignite and Cassandra)', () => {
  const ks = uniqueKeyspace('ign');
  const descriptors = path.join(suiteDir('ignite-store'), 'descriptors');
  let cluster: IgniteStoreCluster;
  let client: IgniteClient;
  let ds: DataSource;
  let orders: PersistenceSettings;

  const longs = () =>
    client
      .getCache<number, number>('longs')
      .setKeyType(ObjectType.PRIMITIVE_TYPE.LONG)
      .setValueType(ObjectType.PRIMITIVE_TYPE.LONG);
  const strings = (name: string) =>
    client
      .getCache<number, string>(name)
      .setKeyType(ObjectType.PRIMITIVE_TYPE.LONG)
      .setValueType(ObjectType.PRIMITIVE_TYPE.STRING);
  const orderCache = () => typedCache<Row, Row>(client, 'orders', orders);
  const orderKey = (customer: string, orderNo: number) =>
    pojo(orders, 'key', { customer, orderNo });
  // customerName is a static column: one value per customer (partition).
  const orderValue = (n: number, customer: string) =>
    pojo(orders, 'value', {
      amount: `${n}.50`,
      placed: new Date(1_700_000_000_000 + n),
      status: n % 2 ? 'OPEN' : 'DONE',
      qty: n,
      items: [`item-${n}`, 'extra'],
      ref: '123e4567-e89b-12d3-a456-426614174000',
      customerName: `${customer} Ltd`,
    });
  const select = async (query: string, params: unknown[] = []) =>
    (await ds.client.execute(query, params, { prepare: true })).rows as unknown as Row[];
  /** The ids of a table's rows; none when the table was never created (nothing was written). */
  const ids = async (table: string) => {
    const exists = await select(
      'select table_name from system_schema.tables where keyspace_name = ? and table_name = ?',
      [ks, table],
    );
    if (exists.length === 0) return [];
    const rows = await select(`select id from ${ks}.${table}`);
    return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
  };

  beforeAll(async () => {
    const file = (name: string, xml: string) => writeDescriptor(descriptors, name, xml);
    const ordersFile = file('orders', ordersDescriptor(ks, 'orders'));
    orders = await loadPersistenceXml(ordersFile);
    cluster = await startStoreCluster('ignite-store', [
      {
        name: 'longs',
        descriptor: file(
          'longs',
          primitiveDescriptor(ks, 'longs', 'java.lang.Long', 'java.lang.Long'),
        ),
      },
      { name: 'orders', descriptor: ordersFile },
      {
        name: 'expiring',
        descriptor: file('expiring', primitiveDescriptor(ks, 'expiring')),
        expiry: { policy: 'created', durationMs: 1500 },
      },
      {
        name: 'behind',
        descriptor: file('behind', primitiveDescriptor(ks, 'behind')),
        // Nothing flushes during the test on its own: only the node's graceful stop does. (Without
        // coalescing: Ignite's stop wakes coalescing flushers only at their next tick.)
        writeBehind: { flushSize: 1_000_000, flushFrequencyMs: 3_600_000, coalescing: false },
      },
      {
        name: 'tx_a',
        descriptor: file('tx_a', primitiveDescriptor(ks, 'tx_a')),
        atomicity: 'TRANSACTIONAL',
      },
      {
        name: 'tx_b',
        descriptor: file('tx_b', primitiveDescriptor(ks, 'tx_b')),
        atomicity: 'TRANSACTIONAL',
      },
      {
        name: 'tx_int',
        descriptor: file('tx_int', primitiveDescriptor(ks, 'tx_int', 'java.lang.Integer')),
        atomicity: 'TRANSACTIONAL',
      },
    ]);
    client = await connectClient(cluster.clientEndpoints);
    ds = testDataSource();
    await ds.connect();
  }, 240_000);

  afterAll(() => stopSuite({ client, cluster, ds, keyspace: ks }));

  it("puts land as rows with the descriptor's layout (PRIMITIVE and POJO)", async () => {
    await longs().put(1, 100);
    expect(await select(`select id, val from ${ks}.longs where id = ?`, [1n])).toEqual([
      { id: 1n, val: 100n },
    ]);

    await orderCache().put(orderKey('acme', 7), orderValue(7, 'acme'));
    const [row] = await select(`select * from ${ks}.orders where customer = ? and order_no = ?`, [
      'acme',
      7n,
    ]);
    expect(row).toMatchObject({
      customer: 'acme',
      order_no: 7n,
      status: 'OPEN',
      qty: 7,
      items: ['item-7', 'extra'],
      customer_name: 'acme Ltd',
    });
    expect(String(row?.amount)).toBe('7.5');
    expect((row?.placed as Date).getTime()).toBe(1_700_000_000_007);
    expect(String(row?.ref)).toBe('123e4567-e89b-12d3-a456-426614174000');
    const columns = await select(
      'select column_name, type, kind from system_schema.columns where keyspace_name = ? and table_name = ?',
      [ks, 'orders'],
    );
    expect(
      Object.fromEntries(
        columns.map((c) => [c.column_name, `${String(c.type)} ${String(c.kind)}`]),
      ),
    ).toEqual({
      customer: 'text partition_key',
      order_no: 'bigint clustering',
      amount: 'decimal regular',
      placed: 'timestamp regular',
      status: 'text regular',
      qty: 'int regular',
      items: 'list<text> regular',
      ref: 'uuid regular',
      customer_name: 'text static',
    });
  });

  it('putAll, getAll and removeAll go through the store', async () => {
    const keys = Array.from({ length: 10 }, (_, i) => 10 + i);
    await longs().putAll(keys.map((k) => new IgniteClient.CacheEntry(k, k * 10)));
    expect(await ids('longs')).toEqual(expect.arrayContaining(keys));

    await longs().removeKeys(keys.slice(0, 5));
    const left = await ids('longs');
    expect(left).toEqual(expect.arrayContaining(keys.slice(5)));
    expect(left).not.toEqual(expect.arrayContaining([keys[0]]));

    // Emptied in memory only (clear skips the store): getAll reads through.
    await longs().clear();
    const read = await longs().getAll(keys.slice(5));
    expect(new Map(read.map((e) => [e.getKey(), e.getValue()]))).toEqual(
      new Map(keys.slice(5).map((k) => [k, k * 10])),
    );
    await longs().removeAll();
    expect(await ids('longs')).not.toEqual(expect.arrayContaining([keys[5]]));
  });

  it('a putAll with one unstorable entry persists the others and fails exactly that key', async () => {
    const good = [orderKey('partial', 1), orderKey('partial', 3)];
    const bad = orderKey('', 2); // Cassandra refuses an empty partition key
    await expect(
      orderCache().putAll(
        [good[0]!, bad, good[1]!].map(
          (k) => new IgniteClient.CacheEntry(k, orderValue(1, 'partial')),
        ),
      ),
    ).rejects.toThrow(/1 of 3 items failed; first: item \d+: .*Key may not be empty/);
    const rows = await select(`select order_no from ${ks}.orders where customer = 'partial'`);
    expect(rows.map((r) => Number(r.order_no)).sort()).toEqual([1, 3]);
    // Ignite applied the written entries and only those (the CacheWriter contract).
    expect((await orderCache().getAll(good)).map((e) => e.getValue().qty)).toEqual([1, 1]);
    expect(await orderCache().containsKey(bad)).toBe(false);
  });

  it('after an entry expires, get returns it from Cassandra (read-through)', async () => {
    const cache = strings('expiring');
    await cache.put(5, 'cached');
    expect(await cache.get(5)).toBe('cached');
    // Changed behind Ignite's back: only a read-through can return the new value.
    await ds.client.execute(`update ${ks}.expiring set val = 'from cassandra' where id = 5`);
    await waitFor(async () => (await cache.get(5)) === 'from cassandra', {
      description: 'the expired entry to be read through from Cassandra',
      timeoutMs: 30_000,
      intervalMs: 250,
    });
  });

  it("reports a store failure to the thin client with the sidecar's message", async () => {
    const other = new ComplexObjectType({ status: null }, 'com.acme.NotAnOrder').setFieldType(
      'status',
      ObjectType.PRIMITIVE_TYPE.STRING,
    );
    const cache = client
      .getCache<Row, Row>('orders')
      .setKeyType(complexTypeOf(orders, 'key'))
      .setValueType(other);
    await expect(cache.put(orderKey('acme', 8), { status: 'x' })).rejects.toThrow(
      /MappingError: cache orders: the value is a binary object of type com.acme.NotAnOrder, but the persistence settings map com.acme.Order/,
    );
    expect(
      await select(`select * from ${ks}.orders where customer = 'acme' and order_no = 8`),
    ).toEqual([]);
  });

  it('transactional caches: commit applies, rollback applies nothing (every concurrency and isolation)', async () => {
    const combos = ['PESSIMISTIC', 'OPTIMISTIC'].flatMap((c) =>
      ['READ_COMMITTED', 'REPEATABLE_READ', 'SERIALIZABLE'].map((i) => `${c}:${i}`),
    );
    const commands = combos.flatMap((combo, i) => [
      `commit:${combo}:tx_a=${i}:a${i},tx_b=${i}:b${i}`,
      `rollback:${combo}:tx_a=${100 + i}:a,tx_b=${100 + i}:b`,
    ]);
    // A commit whose second write fails in the store: Ignite ends the store session with rollback.
    commands.push('commit:PESSIMISTIC:REPEATABLE_READ:tx_a=200:a,tx_int=5000000000:too big');
    const results = await runTransactions(cluster.clientEndpoints[0]!, commands);
    expect(results.slice(0, -1)).toEqual(commands.slice(0, -1).map(() => 'ok'));
    expect(results.at(-1)).toMatch(/^error .*integer of 32 bits/);

    const committed = combos.map((_, i) => i);
    expect(await ids('tx_a')).toEqual(committed);
    expect(await ids('tx_b')).toEqual(committed);
    expect(await select(`select id, val from ${ks}.tx_b where id = 3`)).toEqual([
      { id: 3n, val: 'b3' },
    ]);
    expect(await ids('tx_int')).toEqual([]);
  });

  it('write-behind flushes everything when the nodes stop gracefully; restarted nodes read through', async () => {
    const behind = strings('behind');
    const keys = Array.from({ length: 200 }, (_, i) => i);
    await behind.putAll(keys.map((k) => new IgniteClient.CacheEntry(k, `v${k}`)));
    const orderKeys = [1, 2, 3].map((n) => orderKey('restart', n));
    await orderCache().putAll(
      orderKeys.map((k, i) => new IgniteClient.CacheEntry(k, orderValue(i + 1, 'restart'))),
    );

    client.disconnect();
    await cluster.restartIgnite();
    client = await connectClient(cluster.clientEndpoints);

    expect(await ids('behind')).toEqual(keys);
    expect(await strings('behind').getSize()).toBe(0);
    const read = await orderCache().getAll(orderKeys);
    expect(read).toHaveLength(3);
    const byNo = new Map(read.map((e) => [e.getKey().orderNo, e.getValue()]));
    expect(byNo.get(2)).toMatchObject({
      status: 'DONE',
      qty: 2,
      items: ['item-2', 'extra'],
      customerName: 'restart Ltd',
      placed: new Date(1_700_000_000_002),
    });
    expect(Number(String(byNo.get(2)?.amount))).toBe(2.5);
    expect(uuidFromClient(byNo.get(2)?.ref as number[])).toBe(
      '123e4567-e89b-12d3-a456-426614174000',
    );
  });

  it('loadCache warms a cache from Cassandra, with keys equal to the clients keys', async () => {
    // Rows the cache has never seen, written straight to Cassandra.
    for (let n = 1; n <= 20; n++) {
      await ds.client.execute(
        `insert into ${ks}.orders (customer, order_no, status, qty) values (?, ?, ?, ?)`,
        ['bulk', BigInt(n), 'LOADED', n],
        { prepare: true },
      );
    }
    await orderCache().get(orderKey('bulk', 1)); // one already cached by read-through
    const [{ count }] = (await select(`select count(*) as count from ${ks}.orders`)) as [
      { count: bigint },
    ];
    expect(await cluster.loadCache('orders')).toBe(Number(count));
    expect(await orderCache().getSize()).toBe(Number(count));
    expect(await orderCache().get(orderKey('bulk', 20))).toMatchObject({
      status: 'LOADED',
      qty: 20,
    });

    await longs().clear();
    await longs().putAll([30, 31, 32].map((k) => new IgniteClient.CacheEntry(k, k)));
    await longs().clear();
    expect(
      await cluster.loadCache('longs', [`select id, val from ${ks}.longs where id = 31`]),
    ).toBe(1);
    expect(await longs().get(31)).toBe(31);
  });
});
