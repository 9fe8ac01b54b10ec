import { types, type Client } from 'cassandra-driver';

import { allocateLoopbackBlock, CassandraCluster, type LoopbackBlock } from '../../local';
import { firstValue, harnessClient } from '../../services';
import {
  BulkOperationError,
  CassandraStore,
  DataSource,
  exponentialBackoff,
  persistenceSettings,
} from '../../store';
import { processesUnder, suiteDir } from '../support/services';

const { quorum, all } = types.consistencies;

/**
 * One 3-node cluster (replication factor 3) for both fault suites, in order: the cluster keeps
 * serving QUORUM reads and writes with one node killed (kill -9) and the node rejoins after a
 * restart; then the store's promise under a node failure: kill a node while writeAll runs.
 */
describe('3-node Cassandra cluster under a node failure', () => {
  const dir = suiteDir('fault');
  let block: LoopbackBlock;
  let cluster: CassandraCluster;
  let client: Client;

  const write = (k: number, consistency: number) =>
    client.execute('INSERT INTO fault.kv (k, v) VALUES (?, ?)', [k, `v${k}`], {
      prepare: true,
      consistency,
      isIdempotent: true,
    });
  const read = async (k: number, consistency: number) =>
    firstValue(
      await client.execute('SELECT v FROM fault.kv WHERE k = ?', [k], {
        prepare: true,
        consistency,
        isIdempotent: true,
      }),
      'v',
    );

  beforeAll(async () => {
    block = allocateLoopbackBlock();
    cluster = await CassandraCluster.start({
      dir,
      nodes: 3,
      loopback: block,
      fresh: true,
      startTimeoutMs: 240_000,
    });
    client = harnessClient(cluster.contactPoints);
    await client.connect();
    await client.execute(
      "CREATE KEYSPACE fault WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}",
    );
    await client.execute('CREATE TABLE fault.kv (k int PRIMARY KEY, v text)');
  }, 300_000);

  afterAll(async () => {
    // Undefined when beforeAll failed half-way.
    await (client as Client | undefined)?.shutdown();
    try {
      await (cluster as CassandraCluster | undefined)?.stop(10_000);
    } finally {
      (block as LoopbackBlock | undefined)?.release();
    }
    expect(processesUnder(dir)).toEqual([]);
  }, 120_000);

  it('starts with every node seeing every node Up/Normal', async () => {
    expect(cluster.status().map((s) => s.running)).toEqual([true, true, true]);
    expect((await cluster.ringView()).problems).toEqual([]);
  });

  it('keeps QUORUM writes and reads working with one node killed', async () => {
    for (let k = 0; k < 50; k++) await write(k, all);
    await cluster.killNode(3);
    expect(cluster.status()[2]?.running).toBe(false);

    for (let k = 50; k < 150; k++) await write(k, quorum);
    for (let k = 0; k < 150; k++) expect(await read(k, quorum)).toBe(`v${k}`);
    // ALL needs the dead replica: this proves the node really is down (a timeout before the
    // failure detector convicts it, Unavailable after).
    await expect(write(1000, all)).rejects.toThrow(
      /timeout during write query at consistency ALL|Cannot achieve consistency level ALL|Not enough replicas available for query at consistency ALL/,
    );
    const { problems } = await cluster.ringView();
    expect(problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/sees 127\.0\.\d+\.3 Down/)]),
    );
  });

  it('rejoins after a restart and serves ALL again', async () => {
    await cluster.restartNode(3);
    expect((await cluster.ringView()).problems).toEqual([]);
    await write(2000, all);
    expect(await read(2000, all)).toBe('v2000');
    // Rows written while it was down reach it by hints or read repair; ALL reads them all.
    for (let k = 50; k < 150; k += 10) expect(await read(k, all)).toBe(`v${k}`);
  });

  /**
   * The store's promise under a node failure: kill one of three nodes (RF 3, QUORUM) while writeAll
   * runs; every write writeAll acknowledged is readable afterwards, and what failed is reported per
   * key. Runs after the rejoin above, with every node up again.
   */
  describe('store writeAll while a node is killed (3 nodes, RF 3, QUORUM)', () => {
    let ds: DataSource;

    beforeAll(() => {
      ds = new DataSource({
        contactPoints: cluster.contactPoints,
        readConsistency: 'QUORUM',
        writeConsistency: 'QUORUM',
        requestTimeoutMs: 5000,
      });
    });

    afterAll(async () => {
      await (ds as DataSource | undefined)?.close();
    });

    it('loses no acknowledged write and reports failures per key', async () => {
      const retries: string[] = [];
      const store = new CassandraStore<bigint, bigint>({
        dataSource: ds,
        settings: persistenceSettings({
          keyspace: 'fault',
          keyspaceOptions: "replication = {'class': 'SimpleStrategy', 'replication_factor': 3}",
          table: 'store_kv',
          key: { strategy: 'PRIMITIVE', type: 'bigint' },
          value: { strategy: 'PRIMITIVE', type: 'bigint' },
        }),
        hooks: { onRetry: (e) => retries.push(e.errorKind) },
      });
      // Chunk 5 is twenty times larger, so that it is certainly still in flight when node 3 dies
      // 50 ms after it starts: the kill hits requests that node 3 coordinates.
      const chunk = 1000;
      const chunks = 20;
      const sizes = Array.from({ length: chunks }, (_, c) => (c === 5 ? 20 * chunk : chunk));
      const total = sizes.reduce((a, b) => a + b, 0);
      const acknowledged: bigint[] = [];
      const failed: bigint[] = [];
      let killed: Promise<void> | undefined;
      let next = 0;
      for (let c = 0; c < chunks; c++) {
        if (c === 5)
          killed = new Promise((resolve) => setTimeout(resolve, 50)).then(() =>
            cluster.killNode(3),
          );
        const keys = Array.from({ length: sizes[c] ?? 0 }, (_, i) => BigInt(next + i));
        next += keys.length;
        try {
          await store.writeAll(keys.map((k) => [k, k * 10n] as const));
          acknowledged.push(...keys);
        } catch (error) {
          // Anything but a per-key report would be a lost write of unknown extent.
          expect(error).toBeInstanceOf(BulkOperationError);
          const bulk = error as BulkOperationError<bigint>;
          expect(
            bulk.failures.every((f) => typeof f.key === 'bigint' && f.error.message.length > 0),
          ).toBe(true);
          const bad = new Set(bulk.failedKeys);
          failed.push(...bad);
          acknowledged.push(...keys.filter((k) => !bad.has(k)));
        }
      }
      await killed;
      expect(cluster.status()[2]?.running).toBe(false);
      expect(acknowledged.length + failed.length).toBe(total);

      // Every acknowledged write is there, read at QUORUM from the two surviving replicas.
      const loaded = await store.loadAll(acknowledged);
      const missing = acknowledged.filter((k) => loaded.get(k) !== k * 10n);
      expect(missing).toEqual([]);
      // Requests in flight to the killed node are retried once on a survivor by the driver (its
      // next-host policy), so QUORUM writes need no retry of the store's: any it made is counted.
      expect(retries.every((kind) => kind.length > 0)).toBe(true);
    }, 300_000);

    it('retries writes that cannot reach every replica, then reports each key with its kind', async () => {
      // With node 3 dead, a write at ALL fails on the server (unavailable, or a write timeout
      // before gossip marks the node down): the store's own retry path runs, then gives up per key.
      const retries: string[] = [];
      const TRANSIENT = ['unavailable', 'write-timeout', 'client-timeout', 'no-host'];
      const all = new DataSource({
        contactPoints: cluster.contactPoints.slice(0, 2),
        writeConsistency: 'ALL',
        requestTimeoutMs: 5000,
      });
      try {
        const store = new CassandraStore<bigint, bigint>({
          dataSource: all,
          settings: persistenceSettings({
            keyspace: 'fault',
            keyspaceOptions: "replication = {'class': 'SimpleStrategy', 'replication_factor': 3}",
            table: 'store_kv',
            key: { strategy: 'PRIMITIVE', type: 'bigint' },
            value: { strategy: 'PRIMITIVE', type: 'bigint' },
          }),
          retryPolicy: exponentialBackoff({ maxAttempts: 3, baseDelayMs: 20 }),
          hooks: { onRetry: (e) => retries.push(e.errorKind) },
        });
        const keys = Array.from({ length: 50 }, (_, i) => BigInt(1_000_000 + i));
        const error = await store
          .writeAll(keys.map((k) => [k, k] as const))
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(BulkOperationError);
        const bulk = error as BulkOperationError<bigint>;
        expect([...bulk.failedKeys].sort((a, b) => (a < b ? -1 : 1))).toEqual(keys);
        expect(retries.length).toBeGreaterThan(0);
        const kinds = Object.keys(bulk.failuresByKind);
        expect(kinds.every((k) => TRANSIENT.includes(k))).toBe(true);
        expect(retries.every((k) => TRANSIENT.includes(k))).toBe(true);
      } finally {
        await all.close();
      }
    }, 120_000);
  });
});
