import path from 'node:path';

import IgniteClient from 'apache-ignite-client';

import type { IgniteStoreCluster } from '../../../local/ignite/store-cluster';
import type { DataSource } from '../../../store';
import {
  connectClient,
  primitiveDescriptor,
  runTransactions,
  startStoreCluster,
  stopSuite,
  writeDescriptor,
} from '../../support/ignite';
import { suiteDir } from '../../support/services';
import { testDataSource, uniqueKeyspace } from '../../support/store';

const { LONG, STRING } = IgniteClient.ObjectType.PRIMITIVE_TYPE;

interface Coalescing {
  frames: number;
  entries: number;
  multiFrames: number;
  entriesPerFrame: Record<string, number>;
}

/**
 * Coalesced single-entry calls through real Ignite and Cassandra: many concurrent thin-client
 * calls leave the bridge as multi-entry frames, and every caller still gets its own outcome.
 */
describe('coalesced single-entry store calls (real Ignite and Cassandra)', () => {
  const ks = uniqueKeyspace('ign_coal');
  let cluster: IgniteStoreCluster;
  let client: IgniteClient;
  let ds: DataSource;

  beforeAll(async () => {
    const dir = path.join(suiteDir('ignite-coalescing'), 'descriptors');
    const file = (name: string, xml: string): string => writeDescriptor(dir, name, xml);
    cluster = await startStoreCluster('ignite-coalescing', [
      { name: 'kv', descriptor: file('kv', primitiveDescriptor(ks, 'kv')) },
      {
        name: 'names',
        descriptor: file('names', primitiveDescriptor(ks, 'names', 'java.lang.String')),
      },
      {
        name: 'ints',
        descriptor: file('ints', primitiveDescriptor(ks, 'ints', 'java.lang.Integer')),
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
    ]);
    client = await connectClient(cluster.clientEndpoints);
    ds = testDataSource();
    await ds.connect();
  }, 240_000);

  afterAll(() => stopSuite({ client, cluster, ds, keyspace: ks }));

  const coalescing = async (): Promise<Coalescing> =>
    (await cluster.sidecar(1).health()).coalescing as Coalescing;
  const kv = () => client.getCache<number, string>('kv').setKeyType(LONG).setValueType(STRING);

  it('many concurrent writers and readers: multi-entry frames, every value read back is the last written', async () => {
    const before = await coalescing();
    const cache = kv();
    const last = new Map<number, string>();
    // 32 workers: distinct keys (1000 + …) and 20 keys every worker overwrites in turn.
    const worker = async (w: number): Promise<void> => {
      for (let i = 0; i < 60; i++) {
        const key = i % 3 === 0 ? i % 20 : 1000 + w * 100 + i;
        const value = `w${w}-${i}`;
        await cache.put(key, value);
        if (key >= 1000) last.set(key, value);
      }
    };
    await Promise.all(Array.from({ length: 32 }, (_, w) => worker(w)));
    const shared = Array.from({ length: 20 }, (_, k) => k);
    // Ignite orders the writes of one key; its value in memory is the last one written.
    for (const k of shared) last.set(k, (await cache.get(k)) as string);
    const after = await coalescing();
    expect(after.multiFrames).toBeGreaterThan(before.multiFrames);
    expect(after.entries - before.entries).toBe(32 * 60);

    // Memory only: every read below goes through the store, concurrently, and coalesces too.
    await cache.clear();
    const keys = [...last.keys()];
    const got = await Promise.all(keys.map((k) => cache.get(k)));
    expect(Object.fromEntries(keys.map((k, i) => [k, got[i]]))).toEqual(Object.fromEntries(last));
    const rows = await ds.client.execute(`select id, val from ${ks}.kv`);
    expect(Object.fromEntries(rows.rows.map((r) => [Number(r.id), r.val as string]))).toEqual(
      Object.fromEntries(last),
    );
    // Deletes coalesce as well; reads of deleted keys find nothing.
    await Promise.all(keys.map((k) => cache.removeKey(k)));
    await cache.clear();
    expect((await ds.client.execute(`select id from ${ks}.kv`)).rowLength).toBe(0);
    expect(await Promise.all(keys.slice(0, 10).map((k) => cache.get(k)))).toEqual(
      keys.slice(0, 10).map(() => null),
    );
  });

  it('a poisoned entry fails only its own caller, whether the mapping or Cassandra refuses it', async () => {
    const names = client.getCache<string, string>('names').setKeyType(STRING).setValueType(STRING);
    const ints = client.getCache<number, string>('ints').setKeyType(LONG).setValueType(STRING);
    for (let round = 0; round < 3; round++) {
      const good = Array.from({ length: 24 }, (_, i) => `n${round}-${i}`);
      const calls = [
        ...good.map((k) => names.put(k, `v-${k}`)),
        names.put('', 'empty key'), // Cassandra refuses an empty partition key (the whole batch)
        ...good.map((_, i) => ints.put(round * 100 + i, `i${i}`)),
        ints.put(5_000_000_000, 'too big'), // the mapping refuses: not an int
      ];
      const results = await Promise.allSettled(calls);
      const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [i] : []));
      expect(failed).toEqual([good.length, calls.length - 1]);
      expect(String((results[good.length] as PromiseRejectedResult).reason)).toMatch(
        /Key may not be empty/,
      );
      expect(String((results.at(-1) as PromiseRejectedResult).reason)).toMatch(
        /integer of 32 bits/,
      );
    }
    const rows = (await ds.client.execute(`select id from ${ks}.names`)).rowLength;
    expect(rows).toBe(3 * 24);
    expect((await ds.client.execute(`select id from ${ks}.ints`)).rowLength).toBe(3 * 24);
  });

  it('transactional caches keep their session semantics while other calls coalesce', async () => {
    const cache = kv();
    const state = { running: true };
    const background = (async () => {
      for (let i = 0; state.running; i++)
        await Promise.all([0, 1, 2, 3].map((w) => cache.put(50_000 + w * 10_000 + i, 'bg')));
    })();
    try {
      const commands = ['PESSIMISTIC:REPEATABLE_READ', 'OPTIMISTIC:SERIALIZABLE'].flatMap(
        (combo, i) => [
          `commit:${combo}:tx_a=${i}:a${i},tx_b=${i}:b${i},tx_a=${10 + i}:c${i}`,
          `rollback:${combo}:tx_a=${100 + i}:a,tx_b=${100 + i}:b`,
        ],
      );
      expect(await runTransactions(cluster.clientEndpoints[0] as string, commands)).toEqual(
        commands.map(() => 'ok'),
      );
    } finally {
      state.running = false;
      await background;
    }
    const ids = async (table: string): Promise<number[]> =>
      (await ds.client.execute(`select id from ${ks}.${table}`)).rows
        .map((r) => Number(r.id))
        .sort((a, b) => a - b);
    expect(await ids('tx_a')).toEqual([0, 1, 10, 11]);
    expect(await ids('tx_b')).toEqual([0, 1]);
  });
});
