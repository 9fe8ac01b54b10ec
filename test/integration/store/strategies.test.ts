import {
  CassandraStore,
  column,
  persistenceSettings,
  type DataSource,
  type PersistenceInput,
} from '../../../store';
import { RF1, testDataSource, uniqueKeyspace } from '../../support/store';

class Id {
  region = '';
  @column({ type: 'int' }) n = 0;
}
class Doc {
  title = '';
  @column({ type: 'int' }) pages = 0;
  draft = false;
  notes: string[] = [];
}

type Case = [
  string,
  PersistenceInput,
  PersistenceInput,
  (i: number) => unknown,
  (i: number) => unknown,
];

const keys: Record<string, [PersistenceInput, (i: number) => unknown]> = {
  PRIMITIVE: [{ strategy: 'PRIMITIVE', type: 'bigint' }, (i) => BigInt(i)],
  BLOB: [{ strategy: 'BLOB' }, (i) => ({ composite: [i, `k${i}`] })],
  POJO: [
    { strategy: 'POJO', class: Id },
    (i) => Object.assign(new Id(), { region: `r${i % 3}`, n: i }),
  ],
};
const values: Record<string, [PersistenceInput, (i: number) => unknown]> = {
  PRIMITIVE: [{ strategy: 'PRIMITIVE', type: 'text' }, (i) => `value ${i}`],
  BLOB: [
    { strategy: 'BLOB', serializer: 'json' },
    (i) => ({ i, list: [1, 2, i], when: new Date(i * 1000) }),
  ],
  POJO: [
    { strategy: 'POJO', class: Doc },
    (i) =>
      Object.assign(new Doc(), { title: `t${i}`, pages: i, draft: i % 2 === 0, notes: [`n${i}`] }),
  ],
};

const cases: Case[] = Object.entries(keys).flatMap(([kn, [kp, kf]]) =>
  Object.entries(values).map(
    ([vn, [vp, vf]]) => [`${kn} key, ${vn} value`, kp, vp, kf, vf] as Case,
  ),
);

describe('strategies for keys and values (real Cassandra)', () => {
  const keyspace = uniqueKeyspace('strategies');
  let ds: DataSource;
  beforeAll(async () => {
    ds = testDataSource();
    await ds.connect();
  });
  afterAll(async () => {
    await ds.client.execute(`drop keyspace if exists ${keyspace}`);
    await ds.close();
  });

  it.each(cases)(
    '%s: write, load, loadAll, delete, deleteAll',
    async (name, keyP, valueP, key, value) => {
      const table = name.replace(/[^a-z]+/gi, '_').toLowerCase();
      const store = new CassandraStore({
        dataSource: ds,
        settings: persistenceSettings({
          keyspace,
          keyspaceOptions: RF1,
          table,
          key: keyP,
          value: valueP,
        }),
      });
      await store.write(key(1), value(1));
      expect(await store.load(key(1))).toEqual(value(1));
      expect(await store.load(key(999))).toBeUndefined();

      const many = Array.from({ length: 30 }, (_, i) => i + 10);
      await store.writeAll(many.map((i) => [key(i), value(i)] as const));
      const ks = [...many.map(key), key(12345)];
      const loaded = await store.loadAll(ks);
      expect(loaded.size).toBe(30);
      for (const i of many) expect(loaded.get(ks[i - 10])).toEqual(value(i));

      await store.delete(key(1));
      expect(await store.load(key(1))).toBeUndefined();
      await store.deleteAll(many.slice(0, 10).map(key));
      expect((await store.loadAll(many.map(key))).size).toBe(20);
    },
  );
});
