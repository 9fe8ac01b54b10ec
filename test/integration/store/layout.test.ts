import { setTimeout as sleep } from 'node:timers/promises';

import {
  affinityKey,
  CassandraStore,
  column,
  persistenceSettings,
  type DataSource,
} from '../../../store';
import { waitFor } from '../../../common/wait';
import { RF1, testDataSource, uniqueKeyspace } from '../../support/store';

class EventId {
  @affinityKey() stream = '';
  @column({ type: 'bigint', descending: true }) seq = 0n;
}
class Event {
  @column({ type: 'text', static: true }) owner = '';
  @column({ index: 'sai' }) kind = '';
  @column({ index: true }) level = '';
  @column({
    index: { class: 'org.apache.cassandra.index.sasi.SASIIndex', options: "{'mode': 'CONTAINS'}" },
  })
  message = '';
  /** An alias of the key's clustering column: read from it, never a second column. */
  @column({ name: 'seq', type: 'bigint' }) sequence = 0n;
  /** Calculated: written for queries and views, never read back. */
  @column()
  get summary(): string {
    return `${this.kind}: ${this.message}`;
  }
}

describe('table layout features (real Cassandra)', () => {
  const keyspace = uniqueKeyspace('layout');
  let ds: DataSource;
  let events: CassandraStore<EventId, Event>;
  const id = (stream: string, seq: number) =>
    Object.assign(new EventId(), { stream, seq: BigInt(seq) });
  const ev = (kind: string, message: string, owner = 'ann') =>
    Object.assign(new Event(), { kind, message, owner, level: kind === 'error' ? 'high' : 'low' });

  beforeAll(async () => {
    ds = testDataSource();
    events = new CassandraStore({
      dataSource: ds,
      settings: persistenceSettings({
        keyspace,
        keyspaceOptions: RF1,
        table: 'events',
        key: { strategy: 'POJO', class: EventId },
        value: { strategy: 'POJO', class: Event },
      }),
    });
    await events.writeAll([
      [id('a', 1), ev('info', 'started')],
      [id('a', 2), ev('error', 'disk full')],
      [id('a', 3), ev('info', 'recovered', 'bob')],
      [id('b', 1), ev('error', 'network down')],
    ]);
  });
  afterAll(async () => {
    await ds.client.execute(`drop keyspace if exists ${keyspace}`);
    await ds.close();
  });

  it('orders clustering rows by the declared sort (descending)', async () => {
    const rows: bigint[] = [];
    for await (const [k] of events.loadCache({
      query: `select * from ${keyspace}.events where stream = ?`,
      params: ['a'],
    }))
      rows.push(k.seq);
    expect(rows).toEqual([3n, 2n, 1n]);
  });

  it('serves queries on SAI, classic and custom (SASI) indexed columns', async () => {
    const byKind = await ds.client.execute(
      `select seq from ${keyspace}.events where kind = 'error'`,
    );
    expect(byKind.rows.map((r) => String(r.get('seq'))).sort()).toEqual(['1', '2']);
    const byLevel = await ds.client.execute(
      `select seq from ${keyspace}.events where level = 'high'`,
    );
    expect(byLevel.rowLength).toBe(2);
    const byText = await ds.client.execute(
      `select seq from ${keyspace}.events where message like '%full%'`,
    );
    expect(byText.rows.map((r) => String(r.get('seq')))).toEqual(['2']);
  });

  it('keeps one static value per partition', async () => {
    // The last write of the partition wins for every row of it.
    for (const seq of [1, 2, 3]) expect((await events.load(id('a', seq)))?.owner).toBe('bob');
    expect((await events.load(id('b', 1)))?.owner).toBe('ann');
  });

  it('reads an alias of a key column from the key column', async () => {
    expect((await events.load(id('a', 2)))?.sequence).toBe(2n);
  });

  it('writes calculated (getter) fields and does not read them back', async () => {
    const raw = await ds.client.execute(
      `select summary from ${keyspace}.events where stream = 'a' and seq = 2`,
    );
    expect(raw.first().get('summary')).toBe('error: disk full');
    expect((await events.load(id('a', 2)))?.summary).toBe('error: disk full'); // recomputed by the getter
  });

  it('expires rows with the descriptor TTL', async () => {
    const store = new CassandraStore<number, string>({
      dataSource: ds,
      settings: persistenceSettings({
        keyspace,
        keyspaceOptions: RF1,
        table: 'short_lived',
        ttlSeconds: 2,
        key: { strategy: 'PRIMITIVE', type: 'int' },
        value: { strategy: 'PRIMITIVE', type: 'text' },
      }),
    });
    await store.write(1, 'soon gone');
    expect(await store.load(1)).toBe('soon gone');
    const ttl = await ds.client.execute(
      `select ttl(value) as t from ${keyspace}.short_lived where key = 1`,
    );
    expect(Number(ttl.first().get('t'))).toBeLessThanOrEqual(2);
    await sleep(1000);
    await waitFor(async () => (await store.load(1)) === undefined, {
      description: 'the row to expire',
      timeoutMs: 15_000,
    });
  });
});
