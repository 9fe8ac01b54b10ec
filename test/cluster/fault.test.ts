import { types, type Client } from 'cassandra-driver';

import {
  allocateLoopbackBlock,
  CassandraCluster,
  harnessClient,
  type LoopbackBlock,
} from '../../local';
import { firstValue } from '../../local/cassandra/cql';
import { processesUnder, suiteDir } from '../support/services';

const { quorum, all } = types.consistencies;

/**
 * A 3-node cluster with replication factor 3 keeps serving QUORUM reads and writes with one node
 * killed (kill -9), and the node rejoins after a restart.
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
    await (cluster as CassandraCluster | undefined)?.stop(10_000);
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
});
