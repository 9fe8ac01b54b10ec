import { types } from 'cassandra-driver';

import { harnessClient } from '../../services';
import { integrationServices } from '../support/services';

describe('local Cassandra (real, one node)', () => {
  const { cassandra } = integrationServices();
  const client = harnessClient(cassandra);

  beforeAll(async () => {
    await client.connect();
  });
  afterAll(async () => {
    await client.shutdown();
  });

  it('runs Cassandra 5.0 on the JDK 17 the harness chose', async () => {
    const rs = await client.execute('SELECT release_version FROM system.local');
    expect(String(rs.first().get('release_version'))).toMatch(/^5\.0\.\d+$/);
    const props = await client.execute(
      "SELECT value FROM system_views.system_properties WHERE name = 'java.version'",
    );
    expect(String(props.first().get('value'))).toMatch(/^17\./);
  });

  it('creates a keyspace and a table, writes and reads rows', async () => {
    await client.execute(
      "CREATE KEYSPACE IF NOT EXISTS it_smoke WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}",
    );
    await client.execute('CREATE TABLE IF NOT EXISTS it_smoke.kv (k bigint PRIMARY KEY, v text)');
    const rows = Array.from({ length: 100 }, (_, i) => i);
    await Promise.all(
      rows.map((k) =>
        client.execute(
          'INSERT INTO it_smoke.kv (k, v) VALUES (?, ?)',
          [types.Long.fromNumber(k), `v${k}`],
          {
            prepare: true,
          },
        ),
      ),
    );
    const rs = await client.execute('SELECT count(*) AS n FROM it_smoke.kv');
    expect(Number(rs.first().get('n'))).toBe(100);
    const one = await client.execute(
      'SELECT v FROM it_smoke.kv WHERE k = ?',
      [types.Long.fromNumber(42)],
      { prepare: true },
    );
    expect(one.first().get('v')).toBe('v42');
  });
});
