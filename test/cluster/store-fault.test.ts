import { allocateLoopbackBlock, CassandraCluster, type LoopbackBlock } from '../../local';
import { BulkOperationError, CassandraStore, DataSource, persistenceSettings } from '../../store';
import { processesUnder, suiteDir } from '../support/services';

/**
 * The store's promise under a node failure: kill one of three nodes (RF 3, QUORUM) while writeAll
 * runs; every write writeAll acknowledged is readable afterwards, and what failed is reported per key.
 */
describe('store writeAll while a node is killed (3 nodes, RF 3, QUORUM)', () => {
  const dir = suiteDir('store-fault');
  let block: LoopbackBlock;
  let cluster: CassandraCluster;
  let ds: DataSource;

  beforeAll(async () => {
    block = allocateLoopbackBlock();
    cluster = await CassandraCluster.start({
      dir,
      nodes: 3,
      loopback: block,
      fresh: true,
      startTimeoutMs: 240_000,
    });
    ds = new DataSource({
      contactPoints: cluster.contactPoints,
      readConsistency: 'QUORUM',
      writeConsistency: 'QUORUM',
      requestTimeoutMs: 5000,
    });
  }, 300_000);

  afterAll(async () => {
    await (ds as DataSource | undefined)?.close();
    await (cluster as CassandraCluster | undefined)?.stop(10_000);
    expect(processesUnder(dir)).toEqual([]);
  }, 120_000);

  it('loses no acknowledged write and reports failures per key', async () => {
    const retries: string[] = [];
    const store = new CassandraStore<bigint, bigint>({
      dataSource: ds,
      settings: persistenceSettings({
        keyspace: 'fault',
        keyspaceOptions: "replication = {'class': 'SimpleStrategy', 'replication_factor': 3}",
        table: 'kv',
        key: { strategy: 'PRIMITIVE', type: 'bigint' },
        value: { strategy: 'PRIMITIVE', type: 'bigint' },
      }),
      hooks: { onRetry: (e) => retries.push(e.errorKind) },
    });
    const chunk = 1000;
    const chunks = 20;
    const acknowledged: bigint[] = [];
    const failed: bigint[] = [];
    let killed: Promise<void> | undefined;
    for (let c = 0; c < chunks; c++) {
      // Kill node 3 while the sixth chunk is in flight.
      if (c === 5)
        killed = new Promise((resolve) => setTimeout(resolve, 50)).then(() => cluster.killNode(3));
      const keys = Array.from({ length: chunk }, (_, i) => BigInt(c * chunk + i));
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
    expect(acknowledged.length + failed.length).toBe(chunk * chunks);

    // Every acknowledged write is there, read at QUORUM from the two surviving replicas.
    const loaded = await store.loadAll(acknowledged);
    const missing = acknowledged.filter((k) => loaded.get(k) !== k * 10n);
    expect(missing).toEqual([]);
    process.stderr.write(
      `store fault test: ${acknowledged.length} acknowledged, ${failed.length} failed per key, ${retries.length} retries (${[...new Set(retries)].join(', ') || 'none'})\n`,
    );
  }, 300_000);
});
