import path from 'node:path';

import { CassandraStore, loadPersistenceXml, type DataSource } from '../../../store';
import { FIXTURES, ORIGINAL_CLASSES, Person, PersonId } from '../../support/pojos';
import { testDataSource, uniqueKeyspace } from '../../support/store';

/**
 * Descriptors written for the original module load and work, and tables the original Java store
 * created (DDL as its rules produce it, rows as its statements write them) are read and written
 * by this store without migration.
 */
describe('compatibility with the original module (real Cassandra)', () => {
  const keyspace = uniqueKeyspace('original');
  let ds: DataSource;
  const load = async (name: string) => {
    const s = await loadPersistenceXml(path.join(FIXTURES, name), {
      classes: ORIGINAL_CLASSES,
      warn: () => undefined,
    });
    return { ...s, keyspace }; // each run in its own keyspace
  };

  beforeAll(async () => {
    ds = testDataSource();
    await ds.connect();
    await ds.client.execute(
      `create keyspace ${keyspace} with replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`,
    );
  });
  afterAll(async () => {
    await ds.client.execute(`drop keyspace if exists ${keyspace}`);
    await ds.close();
  });

  it('reads and writes a PRIMITIVE table the Java store created and filled', async () => {
    // DDL and statements as the original's PersistenceController produced them (quoted identifiers).
    await ds.client.execute(
      `create table if not exists "${keyspace}"."primitive_test1" ( "key" bigint, "value" bigint, primary key (("key")) )`,
    );
    await ds.client.execute(
      `insert into "${keyspace}"."primitive_test1" ("key", "value") values (?,?);`,
      [7n, 70n],
      { prepare: true },
    );
    const store = new CassandraStore<bigint, bigint>({
      dataSource: ds,
      settings: await load('primitive-long.xml'),
    });
    expect(await store.load(7n)).toBe(70n);
    await store.write(8n, 80n);
    const raw = await ds.client.execute(
      `select "value" from "${keyspace}"."primitive_test1" where "key" = ?`,
      [8n],
      { prepare: true },
    );
    expect(String(raw.first().get('value'))).toBe('80');
  });

  it('reads and writes a POJO table the Java store created (partition + clustering key, static, index)', async () => {
    await ds.client.execute(
      `create table if not exists "${keyspace}"."pojo_test3" ( "company" text, "department" text, "number" bigint, "first_name" text, "last_name" text, "age" smallint, "married" boolean, "height" bigint, "weight" float, "birth_date" timestamp, "phones" blob, "dept" text static, primary key (("company", "department"), "number") ) with comment = 'people' and gc_grace_seconds = 86400 and clustering order by ("number" desc)`,
    );
    await ds.client.execute(
      `insert into "${keyspace}"."pojo_test3" ("company", "department", "number", "first_name", "last_name", "age", "married", "height", "weight", "birth_date", "dept") values (?,?,?,?,?,?,?,?,?,?,?) using ttl 86400;`,
      ['acme', 'rd', 1n, 'Ann', 'Lee', 33, true, 170n, 60.5, new Date(0), 'R&D'],
      { prepare: true },
    );
    const store = new CassandraStore<PersonId, Person>({
      dataSource: ds,
      settings: await load('pojo-full.xml'),
    });
    const id = Object.assign(new PersonId(), {
      companyCode: 'acme',
      departmentCode: 'rd',
      personNumber: 1n,
    });
    const person = await store.load(id);
    expect(person).toBeInstanceOf(Person);
    expect(person).toMatchObject({
      personNumber: 1n,
      firstName: 'Ann',
      lastName: 'Lee',
      age: 33,
      married: true,
      height: 170n,
      weight: 60.5,
      department: 'R&D',
      phones: null,
    });
    expect(person?.fullName).toBe('Ann Lee');

    const id2 = Object.assign(new PersonId(), {
      companyCode: 'acme',
      departmentCode: 'rd',
      personNumber: 2n,
    });
    await store.write(
      id2,
      Object.assign(new Person(), {
        firstName: 'Bo',
        lastName: 'Li',
        age: 41,
        height: 180n,
        weight: 80,
        phones: ['555-1'],
        department: 'R&D',
      }),
    );
    const raw = await ds.client.execute(
      `select "first_name", ttl("first_name") as t from "${keyspace}"."pojo_test3" where "company" = 'acme' and "department" = 'rd' and "number" = 2`,
    );
    expect(raw.first().get('first_name')).toBe('Bo');
    expect(Number(raw.first().get('t'))).toBeGreaterThan(86000);
    expect((await store.load(id2))?.phones).toEqual(['555-1']);
  });

  it.each(['primitive-string.xml', 'blob.xml', 'pojo-typed.xml', 'pojo-discovered.xml'])(
    'creates and uses the table of %s',
    async (name) => {
      const settings = await load(name);
      const store = new CassandraStore({ dataSource: ds, settings, table: 'my_table' });
      const samples: Record<string, [unknown, unknown]> = {
        'primitive-string.xml': ['k', 'v'],
        'blob.xml': [1n, { any: ['thing'] }],
        'pojo-typed.xml': [
          { customer: 'c1', orderNo: 5n },
          {
            amount: '10.50',
            placed: new Date(1000),
            status: 'open',
            items: ['a', 'b'],
            customerName: 'Cy',
          },
        ],
        'pojo-discovered.xml': [
          Object.assign(new ORIGINAL_CLASSES['org.apache.ignite.tests.pojos.SimplePersonId'](), {
            companyCode: 'c',
            departmentCode: 'd',
            personNum: 3n,
          }),
          Object.assign(new ORIGINAL_CLASSES['org.apache.ignite.tests.pojos.SimplePerson'](), {
            personNum: 3n,
            firstName: 'Di',
            age: 20,
          }),
        ],
      };
      const [k, v] = samples[name] ?? [];
      await store.write(k, v);
      expect(await store.load(k)).toEqual(v);
    },
  );
});
