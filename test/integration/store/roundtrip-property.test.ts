import fc from 'fast-check';

import { CassandraStore, persistenceSettings, type DataSource } from '../../../store';
import {
  COLLECTION_SAMPLES,
  NATIVE_SAMPLES,
  nullable,
  type Sample,
} from '../../support/cql-arbitraries';
import { RF1, testDataSource, uniqueKeyspace } from '../../support/store';

/** Fixed seed and runs: a failure is reproduced by the next run with the same counterexample. */
const RUNS = { seed: 12, numRuns: 100 };

/** Field name of a CQL type's column. */
const fieldOf = (type: string): string => `f_${type.replace(/[^a-z]+/g, '_').replace(/_$/, '')}`;

const SAMPLES: Readonly<Record<string, fc.Arbitrary<Sample>>> = {
  ...NATIVE_SAMPLES,
  ...COLLECTION_SAMPLES,
};

/**
 * Round trip of every CQL type the store maps, through real Cassandra: TS write → TS read is the
 * identity on the canonical form (docs: README "Types"), and for decimals Cassandra's own
 * rendering (toJson, Java's BigDecimal.toString()) is that canonical form.
 */
describe('round-trip properties (real Cassandra)', () => {
  const keyspace = uniqueKeyspace('roundtrip');
  let ds: DataSource;
  let store: CassandraStore<number, Record<string, unknown>>;
  let key = 0;
  const ran: Record<string, number> = {};

  beforeAll(() => {
    ds = testDataSource();
    store = new CassandraStore({
      dataSource: ds,
      settings: persistenceSettings({
        keyspace,
        keyspaceOptions: RF1,
        table: 'roundtrip',
        key: { strategy: 'PRIMITIVE', type: 'int' },
        value: {
          strategy: 'POJO',
          class: 'RoundTrip',
          fields: Object.keys(SAMPLES).map((type) => ({ name: fieldOf(type), type })),
        },
      }),
    });
  });
  afterAll(async () => {
    process.stdout.write(`round-trip property cases: ${JSON.stringify(ran)}\n`);
    await ds.client.execute(`drop keyspace if exists ${keyspace}`);
    await ds.close();
  });

  it.each(Object.keys(SAMPLES))(
    'property: %s written and read back is its canonical form',
    async (type) => {
      const field = fieldOf(type);
      let n = 0;
      await fc.assert(
        fc.asyncProperty(nullable(SAMPLES[type]!), async ({ value, canonical }) => {
          n++;
          const k = ++key;
          await store.write(k, { [field]: value });
          const row = await store.load(k);
          expect(row?.[field] ?? null).toEqual(canonical);
          if (type === 'decimal' && canonical !== null) {
            const rs = await ds.client.execute(
              `SELECT toJson(${field.toLowerCase()}) AS j FROM ${keyspace}.roundtrip WHERE key = ?`,
              [k],
              { prepare: true },
            );
            expect(String(rs.first().get('j'))).toBe(canonical);
          }
        }),
        RUNS,
      );
      ran[type] = n;
    },
  );
});
