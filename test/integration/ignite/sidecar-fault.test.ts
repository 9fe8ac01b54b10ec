import path from 'node:path';

import IgniteClient from 'apache-ignite-client';

import { waitFor } from '../../../common/wait';
import type { IgniteStoreCluster } from '../../../local/ignite/store-cluster';
import { CassandraStore, loadPersistenceXml, type DataSource } from '../../../store';
import {
  connectClient,
  primitiveDescriptor,
  startStoreCluster,
  writeDescriptor,
  stopSuite,
} from '../../support/ignite';
import { suiteDir } from '../../support/services';
import { testDataSource, uniqueKeyspace } from '../../support/store';

/**
 * The sidecar killed (kill -9) while thin clients keep writing through Ignite: calls fail with a
 * clear error while it is down, succeed again once it is back, and every write Ignite acknowledged
 * is in Cassandra.
 */
describe('sidecar killed mid-run (real Ignite and Cassandra)', () => {
  const ks = uniqueKeyspace('ign_fault');
  let cluster: IgniteStoreCluster;
  let client: IgniteClient;
  let ds: DataSource;
  let descriptor: string;

  beforeAll(async () => {
    descriptor = writeDescriptor(
      path.join(suiteDir('ignite-fault'), 'descriptors'),
      'writes',
      primitiveDescriptor(ks, 'writes'),
    );
    cluster = await startStoreCluster('ignite-fault', [{ name: 'writes', descriptor }], {
      bridge: { callTimeoutMs: 10_000 },
    });
    client = await connectClient(cluster.clientEndpoints);
    ds = testDataSource();
  }, 240_000);

  afterAll(() => stopSuite({ client, cluster, ds, keyspace: ks }));

  it('fails calls clearly while it is down, recovers when it is back, loses no acknowledged write', async () => {
    const cache = client
      .getCache<number, string>('writes')
      .setKeyType(IgniteClient.ObjectType.PRIMITIVE_TYPE.LONG)
      .setValueType(IgniteClient.ObjectType.PRIMITIVE_TYPE.STRING);
    const acked = new Map<number, string>();
    const failures: string[] = [];
    let phase: 'before' | 'down' | 'after' = 'before';
    let ackedAfter = 0;
    let running = true;
    const worker = async (w: number): Promise<void> => {
      for (let i = 0; running; i++) {
        const key = w * 1_000_000 + i;
        const value = `w${w}-${i}`;
        try {
          await cache.put(key, value);
          acked.set(key, value);
          if (phase === 'after') ackedAfter++;
        } catch (error) {
          failures.push(error instanceof Error ? error.message : String(error));
        }
      }
    };
    // 12 writers: enough for the bridge to coalesce their calls (PROTOCOL.md) while the sidecar dies.
    const workers = Array.from({ length: 12 }, (_, w) => worker(w + 1));
    try {
      await waitFor(() => acked.size >= 200, {
        description: '200 acknowledged writes',
        timeoutMs: 60_000,
      });
      await cluster.sidecar(1).kill();
      phase = 'down';
      await waitFor(() => failures.length >= 20, {
        description: '20 failed writes',
        timeoutMs: 60_000,
      });
      await expect(cache.get(99_999_999)).rejects.toThrow(
        /TypeScript store sidecar .* load of cache writes failed: Unavailable/,
      );

      await cluster.sidecar(1).start();
      phase = 'after';
      await waitFor(() => ackedAfter >= 200, {
        description: '200 acknowledged writes after the restart',
        timeoutMs: 60_000,
      });
    } finally {
      running = false;
      await Promise.all(workers);
    }

    expect(failures[0]).toMatch(
      /TypeScript store sidecar \(.*\): write of cache writes failed: Unavailable: /,
    );
    const store = new CassandraStore<bigint, string>({
      dataSource: ds,
      settings: await loadPersistenceXml(descriptor),
    });
    const keys = [...acked.keys()].map(BigInt);
    const stored = await store.loadAll(keys);
    const missing = keys.filter((k) => stored.get(k) !== acked.get(Number(k)));
    expect(missing).toEqual([]);
  });
});
