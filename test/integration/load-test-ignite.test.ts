import path from 'node:path';

import type { IgniteStoreCluster } from '../../local/ignite/store-cluster';
import type { DataSource } from '../../store';
import type { LoadTestConfigInput } from '../../tests-runner/config/schema';
import { startStoreCluster, stopSuite, writeDescriptor } from '../support/ignite';
import { errorsAndMisses } from '../support/load-test-fixtures';
import { shortLoadTest } from '../support/load-test-run';
import { suiteDir } from '../support/services';
import { RF1, testDataSource, uniqueKeyspace } from '../support/store';

/**
 * The ignite target: the Node thin client against Ignite 2.17 nodes whose caches persist through
 * the TypeScript store to the run's Cassandra.
 */
describe('load test against real Ignite (ignite target)', () => {
  const ks = uniqueKeyspace('ldi');
  const descriptors = path.join(suiteDir('load-test-ignite'), 'descriptors');
  const longs = writeDescriptor(
    descriptors,
    'longs',
    `<persistence keyspace="${ks}" table="longs">
    <keyspaceOptions>${RF1}</keyspaceOptions>
    <keyPersistence class="java.lang.Long" strategy="PRIMITIVE" column="key"/>
    <valuePersistence class="java.lang.Long" strategy="PRIMITIVE" column="value"/>
</persistence>`,
  );
  // The generator's Person, one column per field (the store target's default layout).
  const people = writeDescriptor(
    descriptors,
    'people',
    `<persistence keyspace="${ks}" table="people">
    <keyspaceOptions>${RF1}</keyspaceOptions>
    <keyPersistence class="java.lang.Long" strategy="PRIMITIVE" column="key"/>
    <valuePersistence class="org.apache.ignite.tests.pojos.Person" strategy="POJO">
        <field name="personNumber" column="person_number" type="bigint"/>
        <field name="firstName" column="first_name" type="text"/>
        <field name="lastName" column="last_name" type="text"/>
        <field name="age" type="int"/>
        <field name="married" type="boolean"/>
        <field name="height" type="bigint"/>
        <field name="weight" type="double"/>
        <field name="birthDate" column="birth_date" type="timestamp"/>
        <field name="phones" type="list&lt;text&gt;"/>
    </valuePersistence>
</persistence>`,
  );
  let cluster: IgniteStoreCluster;
  let ds: DataSource;

  beforeAll(async () => {
    cluster = await startStoreCluster('load-test-ignite', [
      { name: 'longs', descriptor: longs },
      { name: 'people', descriptor: people },
    ]);
    ds = testDataSource();
    await ds.connect();
  }, 240_000);

  afterAll(() => stopSuite({ cluster, ds, keyspace: ks }));

  const run = (settings: Partial<LoadTestConfigInput>) =>
    shortLoadTest('ignite', ks, { ignite: { endpoints: cluster.clientEndpoints }, ...settings });

  const count = async (table: string) =>
    Number((await ds.client.execute(`select count(*) as n from ${ks}.${table}`)).first().get('n'));

  it.each([
    ['long', 'longs', longs],
    ['person', 'people', people],
  ] as const)(
    'runs put, putAll, get, getAll with verified reads on %s values, typed from the descriptor',
    async (generator, cache, descriptor) => {
      const result = await run({
        workloads: ['WRITE', 'BULK_WRITE', 'READ', 'BULK_READ'],
        verifyReads: true,
        values: { generator },
        persistenceSettings: descriptor,
        ignite: { endpoints: cluster.clientEndpoints, cache },
      });
      expect(result.target).toMatchObject({ kind: 'ignite' });
      expect(result.target.description).toContain(`cache ${cache}`);
      expect(errorsAndMisses(result)).toEqual(
        ['WRITE', 'BULK_WRITE', 'READ', 'BULK_READ'].map((n) => [n, true, 0, 0]),
      );
      // Write-through: every key the workers wrote is a row (4 workers × 50 keys).
      expect(await count(cache)).toBe(200);
    },
  );

  it('removes through the store: DELETE and BULK_DELETE leave no rows', async () => {
    const result = await run({
      workloads: ['BULK_WRITE', 'DELETE', 'BULK_WRITE', 'BULK_DELETE'],
      persistenceSettings: longs,
      ignite: { endpoints: cluster.clientEndpoints, cache: 'longs' },
    });
    expect(errorsAndMisses(result).map(([name, called, errors]) => [name, called, errors])).toEqual(
      [
        ['BULK_WRITE', true, 0],
        ['DELETE', true, 0],
        ['BULK_WRITE', true, 0],
        ['BULK_DELETE', true, 0],
      ],
    );
    expect(await count('longs')).toBe(0);
  });

  it('fails set-up with the caches the servers have when the cache is missing', async () => {
    await expect(
      run({ workloads: ['WRITE'], ignite: { endpoints: cluster.clientEndpoints, cache: 'nope' } }),
    ).rejects.toThrow(/has no cache nope \(caches: longs, people\)/);
  });
});
