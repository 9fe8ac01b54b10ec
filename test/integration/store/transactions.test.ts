import {
  CassandraStore,
  persistenceSettings,
  StoreTransaction,
  TransactionTooLargeError,
  type DataSource,
} from '../../../store';
import { RF1, testDataSource, uniqueKeyspace } from '../../support/store';

describe('store transactions (real Cassandra)', () => {
  const keyspace = uniqueKeyspace('tx');
  let ds: DataSource;
  let products: CassandraStore<number, string>;
  let orders: CassandraStore<number, string>;
  const settings = (table: string) =>
    persistenceSettings({
      keyspace,
      keyspaceOptions: RF1,
      table,
      key: { strategy: 'PRIMITIVE', type: 'int' },
      value: { strategy: 'PRIMITIVE', type: 'text' },
    });

  beforeAll(async () => {
    ds = testDataSource();
    products = new CassandraStore({ dataSource: ds, settings: settings('products') });
    orders = new CassandraStore({ dataSource: ds, settings: settings('orders') });
    await products.write(100, 'to be deleted');
  });
  afterAll(async () => {
    await ds.client.execute(`drop keyspace if exists ${keyspace}`);
    await ds.close();
  });

  it('shows nothing before commit and everything after, across two tables (one of them created on commit)', async () => {
    const tx = new StoreTransaction(ds);
    await products.write(1, 'apple', { transaction: tx });
    await products.writeAll([[2, 'pear']], { transaction: tx });
    await orders.writeAll(
      Array.from({ length: 10 }, (_, i) => [i, `order ${i}`] as const),
      { transaction: tx },
    );
    await products.delete(100, { transaction: tx });
    expect(tx.size).toBe(13);
    expect(await products.load(1)).toBeUndefined();
    expect(await products.load(100)).toBe('to be deleted');
    expect((await orders.loadAll([0, 1])).size).toBe(0);

    await tx.commit();
    expect(tx.state).toBe('committed');
    expect(await products.loadAll([1, 2])).toEqual(
      new Map([
        [1, 'apple'],
        [2, 'pear'],
      ]),
    );
    expect(await products.load(100)).toBeUndefined();
    expect((await orders.loadAll(Array.from({ length: 10 }, (_, i) => i))).size).toBe(10);
  });

  it('applies nothing on rollback', async () => {
    const tx = new StoreTransaction(ds);
    await products.write(3, 'plum', { transaction: tx });
    await products.delete(1, { transaction: tx });
    tx.rollback();
    expect(tx.state).toBe('rolled back');
    expect(await products.load(3)).toBeUndefined();
    expect(await products.load(1)).toBe('apple');
    await expect(tx.commit()).rejects.toThrow(/already rolled back/);
  });

  it('refuses a batch over its size limit before sending anything', async () => {
    const tx = new StoreTransaction(ds, { maxBatchBytes: 4096 });
    await products.write(10, 'x'.repeat(2000), { transaction: tx });
    await expect(products.write(11, 'y'.repeat(3000), { transaction: tx })).rejects.toThrow(
      TransactionTooLargeError,
    );
    await expect(products.write(11, 'y'.repeat(3000), { transaction: tx })).rejects.toThrow(
      /over its limit of 10000 mutations \/ 4096 bytes .* nothing has been sent/,
    );
    expect(tx.size).toBe(1);
    expect(await products.load(10)).toBeUndefined();
    await tx.commit();
    expect(await products.load(10)).toHaveLength(2000);
  });
});
