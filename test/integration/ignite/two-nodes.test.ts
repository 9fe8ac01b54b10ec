import path from 'node:path';

import IgniteClient from 'apache-ignite-client';

import type { IgniteStoreCluster } from '../../../local/ignite/store-cluster';
import type { DataSource } from '../../../store';
import {
  connectClient,
  primitiveDescriptor,
  startStoreCluster,
  stopSuite,
  writeDescriptor,
} from '../../support/ignite';
import { suiteDir } from '../../support/services';
import { testDataSource, uniqueKeyspace } from '../../support/store';

/** Two server nodes, each with its own sidecar: each node's store calls go to its own sidecar. */
describe('two Ignite nodes with a sidecar each (real Ignite and Cassandra)', () => {
  const ks = uniqueKeyspace('ign_two');
  let cluster: IgniteStoreCluster;
  let client: IgniteClient;
  let ds: DataSource;

  beforeAll(async () => {
    const descriptor = writeDescriptor(
      path.join(suiteDir('ignite-two'), 'descriptors'),
      'spread',
      primitiveDescriptor(ks, 'spread'),
    );
    cluster = await startStoreCluster('ignite-two', [{ name: 'spread', descriptor, backups: 1 }], {
      nodes: 2,
    });
    client = await connectClient(cluster.clientEndpoints);
    ds = testDataSource();
  }, 240_000);

  afterAll(() => stopSuite({ client, cluster, ds, keyspace: ks }));

  it('writes through the sidecar of each primary node and reads every entry back', async () => {
    const cache = client
      .getCache<number, string>('spread')
      .setKeyType(IgniteClient.ObjectType.PRIMITIVE_TYPE.LONG)
      .setValueType(IgniteClient.ObjectType.PRIMITIVE_TYPE.STRING);
    const keys = Array.from({ length: 200 }, (_, i) => i);
    for (const k of keys) await cache.put(k, `v${k}`);
    const rows = await ds.client.execute(`select count(*) as n from ${ks}.spread`);
    expect(Number(rows.first().get('n'))).toBe(keys.length);
    const served = await Promise.all(
      cluster.sidecars.map(
        async (s) => ((await s.health()).requests as Record<string, number>).WRITE ?? 0,
      ),
    );
    // Partitions are spread over both nodes: each sidecar wrote its node's primaries, none all.
    expect(served.every((n) => n > 0)).toBe(true);
    expect(served.reduce((a, b) => a + b, 0)).toBe(keys.length);
    await cache.clear();
    const read = await cache.getAll(keys);
    expect(read).toHaveLength(keys.length);
  });
});
