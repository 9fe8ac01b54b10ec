import path from 'node:path';

import IgniteClient from 'apache-ignite-client';

import { decimalsEqual, parseDecimal } from '../../../common/decimal';
import {
  fromClientValue,
  pojoReader,
  pojoWriter,
  toClientValue,
  typedCache,
} from '../../../ignite/thin-client';
import type { IgniteStoreCluster } from '../../../local/ignite/store-cluster';
import {
  BulkOperationError,
  CassandraStore,
  loadPersistenceXml,
  SerializationError,
  type DataSource,
  type PersistenceSettings,
} from '../../../store';
import { parseCqlType, type CqlType } from '../../../store/settings/cql-types';
import {
  connectClient,
  primitiveDescriptor,
  startStoreCluster,
  stopSuite,
  writeDescriptor,
} from '../../support/ignite';
import { suiteDir } from '../../support/services';
import { RF1, testDataSource, uniqueKeyspace } from '../../support/store';

type Row = Record<string, unknown>;

/** Every POJO field type both stores map natively (see ignite/original/java-pojos.ts). */
const FIELDS: readonly (readonly [string, string])[] = [
  ['txt', 'text'],
  ['asc', 'ascii'],
  ['num', 'int'],
  ['big', 'bigint'],
  ['small', 'smallint'],
  ['dbl', 'double'],
  ['flt', 'float'],
  ['flag', 'boolean'],
  ['amount', 'decimal'],
  ['at', 'timestamp'],
  ['ref', 'uuid'],
  ['data', 'blob'],
];

function allTypesDescriptor(keyspace: string): string {
  return `<persistence keyspace="${keyspace}" table="alltypes">
    <keyspaceOptions>${RF1}</keyspaceOptions>
    <keyPersistence class="java.lang.Long" strategy="PRIMITIVE" column="id"/>
    <valuePersistence class="com.acme.AllTypes" strategy="POJO">
${FIELDS.map(([n, t]) => `        <field name="${n}" type="${t}"/>`).join('\n')}
    </valuePersistence>
</persistence>`;
}

/** PRIMITIVE value caches: the Java class and the CQL type of the value column. */
const PRIMITIVES: readonly (readonly [string, string, string])[] = [
  ['p_decimal', 'java.math.BigDecimal', 'decimal'],
  ['p_text', 'java.lang.String', 'text'],
  ['p_double', 'java.lang.Double', 'double'],
  ['p_timestamp', 'java.util.Date', 'timestamp'],
  ['p_uuid', 'java.util.UUID', 'uuid'],
  ['p_int', 'java.lang.Integer', 'int'],
];

/** Values per PRIMITIVE type (decimals: positive, zero and negative scales; limits; NULL by absence). */
const PRIMITIVE_VALUES: Readonly<Record<string, readonly unknown[]>> = {
  decimal: ['1.25', '7', '0', '1E+3', '-1.5E+5', '-0.001', '123456789012345678901234567890.5'],
  text: ['', 'héllo 𝄞', 'a'.repeat(1000)],
  double: [0, -0, Math.PI, Number.MAX_VALUE, -Number.MIN_VALUE, Infinity, -Infinity],
  timestamp: [new Date(0), new Date(-86_400_000 * 365 * 100), new Date('2262-04-11T23:47:16.854Z')],
  uuid: ['123e4567-e89b-12d3-a456-426614174000', '00000000-0000-0000-0000-000000000000'],
  int: [0, -2147483648, 2147483647],
};

const bigints = (_k: string, v: unknown): unknown => (typeof v === 'bigint' ? `${v}n` : v);

/** Values the store reads equal what was written: decimals by value (the thin client drops scales). */
function sameValue(type: string, actual: unknown, expected: unknown): boolean {
  if (type === 'decimal' && actual !== null && expected !== null)
    return decimalsEqual(parseDecimal(actual as string)!, parseDecimal(expected as string)!);
  if (type === 'double' || type === 'float') return Object.is(actual, expected);
  return (
    JSON.stringify(actual, bigints) === JSON.stringify(expected, bigints) ||
    (actual instanceof Date &&
      expected instanceof Date &&
      actual.getTime() === expected.getTime()) ||
    (Buffer.isBuffer(actual) && Buffer.isBuffer(expected) && actual.equals(expected))
  );
}

/** The interop matrix: `type direction` → result, printed for the report. */
const matrix: Record<string, string> = {};
function record(type: string, direction: string, ok: boolean): void {
  const k = `${type} | ${direction}`;
  matrix[k] = matrix[k] === 'FAIL' || !ok ? 'FAIL' : 'ok';
}

/**
 * Interoperability with the original Java ignite-cassandra-store 2.9.1 (inside real Ignite 2.17)
 * on the same tables: rows written through Ignite by the original are read by the TS store, rows
 * written by the TS store are read by the original (read-through on a cache miss).
 */
describe('interop with the original Java store (real Ignite and Cassandra)', () => {
  const ks = uniqueKeyspace('interop');
  let cluster: IgniteStoreCluster;
  let client: IgniteClient;
  let ds: DataSource;
  let all: PersistenceSettings;
  let allStore: CassandraStore<bigint, Row>;
  const prim = new Map<string, { settings: PersistenceSettings; store: CassandraStore<bigint> }>();
  let blobStore: CassandraStore<bigint>;

  beforeAll(async () => {
    const dir = path.join(suiteDir('ignite-interop'), 'descriptors');
    const files: { name: string; descriptor: string }[] = [
      { name: 'alltypes', descriptor: writeDescriptor(dir, 'alltypes', allTypesDescriptor(ks)) },
      ...PRIMITIVES.map(([name, cls]) => ({
        name,
        descriptor: writeDescriptor(
          dir,
          name,
          primitiveDescriptor(ks, name, 'java.lang.Long', cls),
        ),
      })),
      {
        name: 'jblob',
        descriptor: writeDescriptor(
          dir,
          'jblob',
          `<persistence keyspace="${ks}" table="jblob">
    <keyspaceOptions>${RF1}</keyspaceOptions>
    <keyPersistence class="java.lang.Long" strategy="PRIMITIVE" column="id"/>
    <valuePersistence strategy="BLOB" column="val"/>
</persistence>`,
        ),
      },
    ];
    cluster = await startStoreCluster('ignite-interop', files, { mode: 'original' });
    client = await connectClient(cluster.clientEndpoints);
    ds = testDataSource();
    all = await loadPersistenceXml(files[0]!.descriptor);
    allStore = new CassandraStore({ dataSource: ds, settings: all, table: 'alltypes' });
    for (const f of files.slice(1, -1)) {
      const settings = await loadPersistenceXml(f.descriptor);
      prim.set(f.name, {
        settings,
        store: new CassandraStore({ dataSource: ds, settings, table: f.name }),
      });
    }
    blobStore = new CassandraStore({
      dataSource: ds,
      settings: await loadPersistenceXml(files[files.length - 1]!.descriptor),
      table: 'jblob',
    });
  }, 400_000);

  afterAll(async () => {
    process.stdout.write(
      `interop matrix:\n${Object.entries(matrix)
        .map(([k, v]) => `  ${k} | ${v}`)
        .join('\n')}\n`,
    );
    await stopSuite({ client, cluster, ds, keyspace: ks });
  });

  it.each(PRIMITIVES.map(([name, , type]) => [name, type] as const))(
    'PRIMITIVE %s (%s): original writes → TS reads; TS writes → original reads through',
    async (name, type) => {
      const { settings, store } = prim.get(name)!;
      const t = parseCqlType(type) as CqlType;
      const cache = typedCache<number, unknown>(client, name, settings);
      const values = PRIMITIVE_VALUES[type]!;
      for (const [i, v] of values.entries()) {
        await cache.put(i, toClientValue(v, t));
        const read = await store.load(BigInt(i));
        const ok = sameValue(type, read, v);
        record(type, 'PRIMITIVE original→TS', ok);
        expect({ i, read, ok }).toEqual({ i, read, ok: true });
      }
      for (const [i, v] of values.entries()) {
        const k = 1000 + i;
        await store.write(BigInt(k), v);
        const read = fromClientValue(await cache.get(k), t);
        const ok = sameValue(type, read, v);
        record(type, 'PRIMITIVE TS→original', ok);
        expect({ k, read, ok }).toEqual({ k, read, ok: true });
      }
      // NULL: no row written by the TS store (the original's read-through finds none), a missing value both ways.
      expect(await store.load(99_999n)).toBeUndefined();
      expect(await cache.get(99_999)).toBeNull();
    },
  );

  const full: Row = {
    txt: 'héllo 𝄞',
    asc: 'plain',
    num: -2147483648,
    big: 9007199254740991n,
    small: 32767,
    dbl: -0,
    flt: 1.5,
    flag: true,
    amount: '-12.340',
    at: new Date(-1_000_000_000_000),
    ref: '123e4567-e89b-12d3-a456-426614174000',
    data: Buffer.from([0x00, 0x7f, 0x80, 0x9a, 0xff]),
  };
  /** Nullable fields as NULL: the thin client cannot write null into primitive fields. */
  const withNulls: Row = {
    ...full,
    txt: null,
    asc: null,
    amount: null,
    at: null,
    ref: null,
    data: null,
  };

  it('POJO with every shared field type, NULLs and decimals of every scale sign, both ways', async () => {
    const cache = typedCache<number, Row>(client, 'alltypes', all);
    const write = pojoWriter(all, 'value');
    const read = pojoReader(all, 'value');
    const rows: Row[] = [
      full,
      withNulls,
      { ...full, amount: '0' },
      { ...full, amount: '1E+3' },
      { ...full, amount: '7' },
    ];
    const compare = (direction: string, got: Row | undefined, want: Row): void => {
      for (const [field, type] of FIELDS) {
        const ok = sameValue(type, got?.[field] ?? null, want[field] ?? null);
        record(type, `POJO ${direction}`, ok);
        expect({ field, got: got?.[field], ok }).toEqual({ field, got: got?.[field], ok: true });
      }
    };
    for (const [i, row] of rows.entries()) {
      await cache.put(i, write(row));
      compare('original→TS', await allStore.load(BigInt(i)), row);
    }
    // The TS store writes NULL for every field it may (the Java POJO's fields are boxed).
    const tsRows: Row[] = [...rows, Object.fromEntries(FIELDS.map(([f]) => [f, null]))];
    for (const [i, row] of tsRows.entries()) {
      const k = 1000 + i;
      await allStore.write(BigInt(k), row);
      compare('TS→original', read(await cache.get(k)) as Row, row);
    }
  });

  it('BLOB written with Java serialization: load, loadAll (every item) and loadCache refuse it with a SerializationError', async () => {
    const cache = client
      .getCache<number, string>('jblob')
      .setKeyType(IgniteClient.ObjectType.PRIMITIVE_TYPE.LONG);
    await cache.put(1, 'java serialized');
    await cache.put(2, 'also');
    await expect(blobStore.load(1n)).rejects.toThrow(SerializationError);
    await expect(blobStore.load(1n)).rejects.toThrow(/Java object serialization/);
    const error = await blobStore.loadAll([1n, 2n]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BulkOperationError);
    const bulk = error as BulkOperationError<bigint>;
    expect(bulk.failures).toHaveLength(2);
    for (const f of bulk.failures) {
      expect(f.error).toBeInstanceOf(SerializationError);
      expect(f.kind).toBe('serialization');
    }
    const scan = async () => {
      for await (const entry of blobStore.loadCache()) expect(entry).toBeUndefined();
    };
    await expect(scan()).rejects.toThrow(SerializationError);
    record('blob (Java-serialized)', 'BLOB original→TS: load / loadAll / loadCache', true);
  });
});
