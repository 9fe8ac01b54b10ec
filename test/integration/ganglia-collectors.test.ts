import { harnessClient } from '../../services';
import { CASSANDRA_METRICS, cassandraPoll } from '../../monitoring';
import { integrationServices } from '../support/services';

describe('Cassandra collector (real Cassandra 5, virtual tables over CQL)', () => {
  const client = harnessClient(integrationServices().cassandra);

  beforeAll(async () => {
    await client.connect();
    await client.execute(
      "CREATE KEYSPACE IF NOT EXISTS it_ganglia WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}",
    );
    await client.execute('CREATE TABLE IF NOT EXISTS it_ganglia.kv (k int PRIMARY KEY, v text)');
  });
  afterAll(async () => {
    await client.shutdown();
  });

  it('reports write and read rates, p99 latencies and pending compactions as finite numbers', async () => {
    const poll = cassandraPoll(client);
    await poll();
    for (let k = 0; k < 200; k++) {
      await client.execute('INSERT INTO it_ganglia.kv (k, v) VALUES (?, ?)', [k, 'v'], {
        prepare: true,
      });
    }
    await client.execute('SELECT v FROM it_ganglia.kv WHERE k = 1', [], { prepare: true });
    const metrics = new Map((await poll()).map((m) => [m.name, m.value]));
    expect([...metrics.keys()].sort()).toEqual(
      [
        CASSANDRA_METRICS.readRate,
        CASSANDRA_METRICS.writeRate,
        CASSANDRA_METRICS.readLatencyP99,
        CASSANDRA_METRICS.writeLatencyP99,
        CASSANDRA_METRICS.pendingCompactions,
      ].sort(),
    );
    for (const v of metrics.values()) expect(Number.isFinite(v)).toBe(true);
    expect(metrics.get(CASSANDRA_METRICS.writeRate)).toBeGreaterThan(0);
    expect(metrics.get(CASSANDRA_METRICS.writeLatencyP99)).toBeGreaterThan(0);
  });
});
