import path from 'node:path';

import IgniteClient from 'apache-ignite-client';

import { pojo, typedCache, uuidFromClient } from '../../../ignite/thin-client';
import type { IgniteStoreCluster } from '../../../local/ignite/store-cluster';
import {
  CassandraStore,
  loadPersistenceXml,
  type DataSource,
  type PersistenceSettings,
} from '../../../store';
import {
  connectClient,
  peopleDescriptor,
  primitiveDescriptor,
  startStoreCluster,
  writeDescriptor,
  stopSuite,
} from '../../support/ignite';
import { suiteDir } from '../../support/services';
import { testDataSource, uniqueKeyspace } from '../../support/store';

type Row = Record<string, unknown>;

/**
 * The baseline: the same caches on the original Java ignite-cassandra-store 2.9.1 (Ignite 2.17,
 * JDK 17, Cassandra 5). Its rows are the TypeScript store's rows: each reads what the other wrote.
 */
describe('Ignite with the original Java store (real Ignite and Cassandra)', () => {
  const ks = uniqueKeyspace('ign_orig');
  let cluster: IgniteStoreCluster;
  let client: IgniteClient;
  let ds: DataSource;
  let people: PersistenceSettings;
  let peopleStore: CassandraStore<Row, Row>;
  let longsStore: CassandraStore<bigint, bigint>;

  const peopleCache = () => typedCache<Row, Row>(client, 'people', people);
  const longs = () =>
    client
      .getCache<number, number>('longs')
      .setKeyType(IgniteClient.ObjectType.PRIMITIVE_TYPE.LONG)
      .setValueType(IgniteClient.ObjectType.PRIMITIVE_TYPE.LONG);
  const key = (company: string, number: number) => pojo(people, 'key', { company, number });

  beforeAll(async () => {
    const dir = path.join(suiteDir('ignite-original'), 'descriptors');
    const peopleFile = writeDescriptor(dir, 'people', peopleDescriptor(ks, 'people'));
    const longsFile = writeDescriptor(
      dir,
      'longs',
      primitiveDescriptor(ks, 'longs', 'java.lang.Long', 'java.lang.Long'),
    );
    people = await loadPersistenceXml(peopleFile);
    cluster = await startStoreCluster(
      'ignite-original',
      [
        { name: 'people', descriptor: peopleFile },
        { name: 'longs', descriptor: longsFile },
      ],
      { mode: 'original' },
    );
    client = await connectClient(cluster.clientEndpoints);
    ds = testDataSource();
    peopleStore = new CassandraStore({ dataSource: ds, settings: people, table: 'people' });
    longsStore = new CassandraStore({
      dataSource: ds,
      settings: await loadPersistenceXml(longsFile),
      table: 'longs',
    });
  }, 300_000);

  afterAll(() => stopSuite({ client, cluster, ds, keyspace: ks }));

  it('writes rows the TypeScript store reads, and reads rows it wrote', async () => {
    await longs().put(1, 10);
    expect(await longsStore.load(1n)).toBe(10n);
    await longsStore.write(2n, 20n);
    expect(await longs().get(2)).toBe(20);

    const ann = {
      name: 'Ann',
      age: 33,
      born: new Date(5_000),
      score: 1.5,
      ref: '123e4567-e89b-12d3-a456-426614174000',
      amount: '3.25',
    };
    await peopleCache().put(key('acme', 1), pojo(people, 'value', ann));
    expect(await peopleStore.load({ company: 'acme', number: 1n })).toEqual(ann);
    await peopleStore.write(
      { company: 'acme', number: 2n },
      { name: 'Bob', age: 44, born: new Date(6_000), score: 2.5, ref: null, amount: '1.10' },
    );
    expect(await peopleCache().get(key('acme', 2))).toMatchObject({
      name: 'Bob',
      age: 44,
      score: 2.5,
    });
  });

  it('reads through after the nodes restart, and loadCache loads every row once', async () => {
    client.disconnect();
    await cluster.restartIgnite();
    client = await connectClient(cluster.clientEndpoints);
    const ann = await peopleCache().get(key('acme', 1));
    expect(ann).toMatchObject({ name: 'Ann', age: 33, born: new Date(5_000) });
    expect(uuidFromClient(ann?.ref as number[])).toBe('123e4567-e89b-12d3-a456-426614174000');
    // One row is cached already (read-through): its key must not come back as a second entry.
    expect(await cluster.loadCache('people')).toBe(2);
  });
});
