import { readFileSync } from 'node:fs';
import path from 'node:path';

import { cliExitCode } from '../../../bin/error-exit';
import { loadPersistenceXml, parsePersistenceXml, SettingsError } from '../../../store';
import { FIXTURES, ORIGINAL_CLASSES } from '../../support/pojos';

const fixture = (name: string): string => path.join(FIXTURES, name);

/** The SettingsError a descriptor raises (fails the test if it parses). */
function errorOf(xml: string, classes: Record<string, new () => object> = {}): SettingsError {
  try {
    parsePersistenceXml(xml, { file: 'test.xml', classes });
  } catch (error) {
    if (error instanceof SettingsError) return error;
    throw error;
  }
  throw new Error('expected a SettingsError');
}

const ks = `<keyspaceOptions>replication = {'class':'SimpleStrategy','replication_factor':1}</keyspaceOptions>`;
const prim = (cls: string) =>
  `<persistence keyspace="k" table="t">${ks}<keyPersistence class="${cls}" strategy="PRIMITIVE"/><valuePersistence strategy="BLOB"/></persistence>`;

describe('XML descriptors of the original format', () => {
  it.each([
    ['java.lang.String', 'text'],
    ['java.lang.Integer', 'int'],
    ['java.lang.Short', 'smallint'],
    ['java.lang.Long', 'bigint'],
    ['java.lang.Double', 'double'],
    ['java.lang.Float', 'float'],
    ['java.lang.Boolean', 'boolean'],
    ['java.util.Date', 'timestamp'],
    ['java.util.UUID', 'uuid'],
    ['java.math.BigDecimal', 'decimal'],
    ['java.math.BigInteger', 'varint'],
    ['java.net.InetAddress', 'inet'],
    ['byte[]', 'blob'],
    ['java.nio.ByteBuffer', 'blob'],
  ])('maps PRIMITIVE %s to %s as the original table did', (cls, cql) => {
    const s = parsePersistenceXml(prim(cls));
    expect(s.key).toMatchObject({
      strategy: 'PRIMITIVE',
      column: 'key',
      type: { kind: 'native', name: cql },
    });
  });

  it('loads the PRIMITIVE shape with keyspace and table options', async () => {
    const s = await loadPersistenceXml(fixture('primitive-long.xml'));
    expect(s.keyspace).toBe('test1');
    expect(s.table).toBe('primitive_test1');
    // Whitespace folded, the WITH added by the DDL later.
    expect(s.keyspaceOptions).toBe(
      "REPLICATION = {'class' : 'SimpleStrategy', 'replication_factor' : 1} AND DURABLE_WRITES = true",
    );
    expect(s.tableOptions).toBe(
      "comment = 'A most excellent and useful table' AND read_repair = 'NONE'",
    );
    expect(s.value).toMatchObject({ strategy: 'PRIMITIVE', column: 'value' });
  });

  it('reads ttl and default columns', async () => {
    const s = await loadPersistenceXml(fixture('primitive-string.xml'));
    expect(s.ttlSeconds).toBe(86400);
    expect(s.key).toMatchObject({ column: 'key' });
    expect(s.value).toMatchObject({ column: 'val' });
  });

  it('loads BLOB with a Java serializer by writing MessagePack instead, with a warning', () => {
    const warnings: string[] = [];
    const s = parsePersistenceXml(readFileSync(fixture('blob.xml'), 'utf8'), {
      file: 'blob.xml',
      warn: (m) => warnings.push(m),
    });
    expect(s.value).toMatchObject({
      strategy: 'BLOB',
      column: 'value',
      serializer: { name: 'msgpack' },
    });
    expect(warnings.join()).toMatch(
      /JavaSerializer is a Java serializer; this store writes new values with msgpack/,
    );
  });

  it('loads every element and attribute of a POJO descriptor', async () => {
    const s = await loadPersistenceXml(fixture('pojo-full.xml'), { classes: ORIGINAL_CLASSES });
    if (s.key.strategy !== 'POJO' || s.value.strategy !== 'POJO') throw new Error('POJO expected');
    expect(s.key.partitionKey.map((f) => [f.name, f.column])).toEqual([
      ['companyCode', 'company'],
      ['departmentCode', 'department'],
    ]);
    expect(s.key.clusterKey).toMatchObject([
      { name: 'personNumber', column: 'number', sort: 'desc', type: { name: 'bigint' } },
    ]);
    const byName = new Map(s.value.fields.map((f) => [f.name, f]));
    expect(byName.get('firstName')).toMatchObject({ column: 'first_name', type: { name: 'text' } });
    expect(byName.get('age')).toMatchObject({ column: 'age', type: { name: 'smallint' } });
    expect(byName.get('married')).toMatchObject({ index: { kind: 'classic' } });
    expect(byName.get('weight')).toMatchObject({
      index: {
        kind: 'custom',
        indexClass: 'org.apache.cassandra.index.sasi.SASIIndex',
        options: "options = {'mode' : 'SPARSE'}",
      },
    });
    expect(byName.get('birthDate')).toMatchObject({
      column: 'birth_date',
      type: { name: 'timestamp' },
    });
    expect(byName.get('phones')).toMatchObject({ serialized: true, type: { name: 'blob' } });
    expect(byName.get('department')).toMatchObject({ column: 'dept', static: true });
  });

  it('takes field types from the descriptor when no TypeScript class is registered', async () => {
    const s = await loadPersistenceXml(fixture('pojo-typed.xml'));
    if (s.key.strategy !== 'POJO' || s.value.strategy !== 'POJO') throw new Error('POJO expected');
    expect(s.key.clusterKey).toMatchObject([
      { column: 'order_no', type: { name: 'bigint' }, sort: 'desc' },
    ]);
    expect(s.value.fields.find((f) => f.name === 'items')?.type).toEqual({
      kind: 'list',
      element: 'text',
    });
    expect(s.value.fields.find((f) => f.name === 'status')?.index).toEqual({ kind: 'sai' });
    expect(s.value.serializer.name).toBe('json');
  });

  it('discovers fields from registered decorated classes when the descriptor lists none', async () => {
    const s = await loadPersistenceXml(fixture('pojo-discovered.xml'), {
      classes: ORIGINAL_CLASSES,
    });
    if (s.key.strategy !== 'POJO' || s.value.strategy !== 'POJO') throw new Error('POJO expected');
    expect(s.key.partitionKey.map((f) => f.column)).toEqual(['company_code', 'department_code']);
    expect(s.key.clusterKey).toMatchObject([{ column: 'person_num', sort: 'desc' }]);
    expect(s.value.fields.map((f) => f.column)).toEqual([
      'person_num',
      'first_name',
      'last_name',
      'age',
      'married',
      'height',
      'weight',
      'birth_date',
      'phones',
    ]);
  });

  describe('bad descriptors are clear errors naming file, line, element and fix', () => {
    it('malformed XML', () => {
      const e = errorOf(
        `<persistence keyspace="k">\n  <keyPersistence class="java.lang.Long" strategy="PRIMITIVE">\n</persistence>`,
      );
      expect(e.message).toMatch(/^test\.xml:3:\d+: malformed XML: unexpected close tag/);
      expect(e.code).toBe('SETTING_INVALID');
      expect(e.data).toMatchObject({ file: 'test.xml', line: 3 });
      expect(cliExitCode(e)).toBe(2);
    });

    it('the wrong root element', () => {
      expect(errorOf('<settings/>').message).toMatch(
        /test\.xml:1:1 settings: the root element is <settings>/,
      );
    });

    it('no keyspace', () => {
      const e = errorOf(
        `<persistence><keyPersistence class="java.lang.Long" strategy="PRIMITIVE"/><valuePersistence strategy="BLOB"/></persistence>`,
      );
      expect(e.message).toContain('keyspace is missing');
      expect(e.hint).toContain('keyspace="<name>"');
    });

    it('an unknown strategy', () => {
      const e = errorOf(
        `<persistence keyspace="k">\n<keyPersistence class="java.lang.Long" strategy="SERIALIZED"/><valuePersistence strategy="BLOB"/></persistence>`,
      );
      expect(e.message).toBe(
        'test.xml:2:1 keyPersistence: keyPersistence has unknown strategy "SERIALIZED"',
      );
      expect(e.hint).toBe('Use PRIMITIVE, BLOB or POJO.');
    });

    it('PRIMITIVE with a class it cannot map', () => {
      const e = errorOf(prim('java.util.ArrayList'));
      expect(e.message).toContain(
        'class java.util.ArrayList cannot be stored with strategy PRIMITIVE: it has no CQL type',
      );
      expect(e.hint).toContain('java.lang.Long');
    });

    it('a POJO field without a type names both fixes', () => {
      const e = errorOf(
        `<persistence keyspace="k" table="t">\n<keyPersistence class="java.lang.Long" strategy="PRIMITIVE"/>\n<valuePersistence class="com.acme.Order" strategy="POJO">\n  <field name="amount"/>\n</valuePersistence></persistence>`,
      );
      expect(e.message).toBe(
        'test.xml:4:3 valuePersistence/field[name=amount]: the type of field "amount" of com.acme.Order is unknown: no TypeScript class is registered for com.acme.Order',
      );
      expect(e.hint).toMatch(
        /add type="<cql type>" to the field element .* or register a TypeScript class for com\.acme\.Order/,
      );
    });

    it('a number field of a registered class names both fixes', () => {
      class Order {
        amount = 0;
      }
      const e = errorOf(
        `<persistence keyspace="k" table="t"><keyPersistence class="java.lang.Long" strategy="PRIMITIVE"/><valuePersistence class="Order" strategy="POJO"><field name="amount"/></valuePersistence></persistence>`,
        { Order },
      );
      expect(e.message).toMatch(
        /the type of field "amount" of Order is unknown: it is a number, which may be int, bigint/,
      );
      expect(e.hint).toContain("@column({ type: 'int' }) amount");
    });

    it.each([
      [
        'a column on POJO',
        `<keyPersistence class="java.lang.Long" strategy="PRIMITIVE"/><valuePersistence class="X" strategy="POJO" column="v"><field name="a" type="int"/></valuePersistence>`,
        /strategy POJO has a column attribute/,
      ],
      [
        'a serializer on PRIMITIVE',
        `<keyPersistence class="java.lang.Long" strategy="PRIMITIVE" serializer="json"/><valuePersistence strategy="BLOB"/>`,
        /strategy PRIMITIVE has a serializer/,
      ],
      [
        'clusterKey without partitionKey',
        `<keyPersistence class="X" strategy="POJO"><clusterKey><field name="a" type="int"/></clusterKey></keyPersistence><valuePersistence strategy="BLOB"/>`,
        /clusterKey is given without partitionKey/,
      ],
      [
        'a field declared twice',
        `<keyPersistence class="java.lang.Long" strategy="PRIMITIVE"/><valuePersistence class="X" strategy="POJO"><field name="a" type="int"/><field name="a" type="int"/></valuePersistence>`,
        /declares field "a" twice/,
      ],
      [
        'aliases of different types',
        `<keyPersistence class="java.lang.Long" strategy="PRIMITIVE"/><valuePersistence class="X" strategy="POJO"><field name="a" column="c" type="int"/><field name="b" column="c" type="text"/></valuePersistence>`,
        /fields "a" \(int\) and "b" \(text\) share column "c" with different types/,
      ],
      [
        'a value field on the key column with another type',
        `<keyPersistence class="java.lang.Long" strategy="PRIMITIVE"/><valuePersistence class="X" strategy="POJO"><field name="k" column="key" type="text"/></valuePersistence>`,
        /share column "key" with different types/,
      ],
      [
        'a bad sort order',
        `<keyPersistence class="X" strategy="POJO"><partitionKey><field name="a" type="int"/></partitionKey><clusterKey><field name="b" type="int" sort="down"/></clusterKey></keyPersistence><valuePersistence strategy="BLOB"/>`,
        /sort of key field "b" must be asc or desc, got "down"/,
      ],
      [
        'a static column without clustering columns',
        `<keyPersistence class="java.lang.Long" strategy="PRIMITIVE"/><valuePersistence class="X" strategy="POJO"><field name="a" type="int" static="true"/></valuePersistence>`,
        /static, but the table has no clustering columns/,
      ],
      [
        'an unknown CQL type',
        `<keyPersistence class="java.lang.Long" strategy="PRIMITIVE"/><valuePersistence class="X" strategy="POJO"><field name="a" type="integer"/></valuePersistence>`,
        /"integer" is not a CQL type the store maps/,
      ],
      [
        'an unknown serializer',
        `<keyPersistence class="java.lang.Long" strategy="PRIMITIVE"/><valuePersistence strategy="BLOB" serializer="protobuf"/>`,
        /unknown serializer "protobuf"/,
      ],
      [
        'no valuePersistence',
        `<keyPersistence class="java.lang.Long" strategy="PRIMITIVE"/>`,
        /valuePersistence is missing/,
      ],
      [
        'a key field outside partitionKey',
        `<keyPersistence class="X" strategy="POJO"><field name="a"/></keyPersistence><valuePersistence strategy="BLOB"/>`,
        /a <field> directly under <keyPersistence>/,
      ],
    ])('%s', (_name, body, message) => {
      expect(errorOf(`<persistence keyspace="k" table="t">${body}</persistence>`).message).toMatch(
        message,
      );
    });

    it('a ttl that is not a number', () => {
      expect(
        errorOf(
          `<persistence keyspace="k" ttl="1 day"><keyPersistence class="java.lang.Long" strategy="PRIMITIVE"/><valuePersistence strategy="BLOB"/></persistence>`,
        ).message,
      ).toMatch(/ttl must be a whole number of seconds, got "1 day"/);
    });

    it('a field the registered class does not have', () => {
      const e = errorOf(
        `<persistence keyspace="k" table="t"><keyPersistence class="java.lang.Long" strategy="PRIMITIVE"/><valuePersistence class="org.apache.ignite.tests.pojos.Person" strategy="POJO"><field name="firstname"/></valuePersistence></persistence>`,
        ORIGINAL_CLASSES,
      );
      expect(e.message).toContain(
        'class org.apache.ignite.tests.pojos.Person has no property "firstname"',
      );
      expect(e.hint).toContain('firstName');
    });

    it('an unreadable file', async () => {
      await expect(loadPersistenceXml('/no/such/file.xml')).rejects.toThrow(
        /\/no\/such\/file\.xml: cannot read the descriptor: ENOENT/,
      );
    });
  });
});
