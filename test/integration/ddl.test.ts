import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { allocateLoopbackBlock } from '../../local';
import { harnessClient } from '../../services';
import { readLiveSchema } from '../../store/ddl/live-schema';
import { runCli } from '../support/cli';
import { integrationServices } from '../support/services';

const D = 'test/fixtures/descriptors';
const CLASSES = ['--classes', 'test/fixtures/modules/original-classes.ts'];
const cwd = path.join(__dirname, '..', '..');

describe('testbed ddl --apply / --check (real Cassandra)', () => {
  const { cassandra } = integrationServices();
  const at = ['--contact-points', cassandra.join(',')];
  const client = harnessClient(cassandra);
  const cli = (args: string[]) => runCli(['ddl', ...args, ...at], { cwd, timeoutMs: 120_000 });
  const cql = async (statements: string[]) => {
    for (const s of statements) await client.execute(s);
  };

  beforeAll(async () => {
    await client.connect();
    await cql(['drop keyspace if exists test1', 'drop keyspace if exists shop']);
  });
  afterAll(async () => {
    await cql(['drop keyspace if exists test1', 'drop keyspace if exists shop']);
    await client.shutdown();
  });

  it('applies every fixture and yields the described layout in system_schema', async () => {
    const files = [
      'primitive-long',
      'primitive-string',
      'blob',
      'pojo-full',
      'pojo-typed',
      'pojo-discovered',
      'no-table',
    ].map((f) => `${D}/${f}.xml`);
    const apply = await cli([
      ...files,
      'test/fixtures/modules/shop-settings.ts',
      ...CLASSES,
      '--apply',
    ]);
    expect(apply.stderr).not.toMatch(/✗|error/i);
    expect(apply.code).toBe(0);
    expect(apply.stderr).toContain('✓ applied test1.pojo_test3 (4 statements, schema agreed)');

    const live = await readLiveSchema(client, 'test1', 'pojo_test3');
    const cols = new Map(live.table?.columns.map((c) => [c.name, c]));
    expect(cols.get('company')).toMatchObject({ kind: 'partition_key', position: 0, type: 'text' });
    expect(cols.get('department')).toMatchObject({ kind: 'partition_key', position: 1 });
    expect(cols.get('number')).toMatchObject({
      kind: 'clustering',
      clusteringOrder: 'desc',
      type: 'bigint',
    });
    expect(cols.get('dept')).toMatchObject({ kind: 'static' });
    expect(cols.get('phones')?.type).toBe('blob');
    expect(live.table?.options.get('gc_grace_seconds')).toBe('86400');
    expect(
      live.indexes.map((i) => [i.options.get('target'), i.kind, i.options.get('class_name') ?? '']),
    ).toEqual(
      expect.arrayContaining([
        ['married', 'COMPOSITES', ''],
        ['weight', 'CUSTOM', 'org.apache.cassandra.index.sasi.SASIIndex'],
      ]),
    );
    expect(
      (await readLiveSchema(client, 'test1', 'my_table')).table?.columns.find(
        (c) => c.name === 'key',
      )?.type,
    ).toBe('uuid');

    // Applying again changes nothing (IF NOT EXISTS everywhere), and every table matches.
    expect((await cli([...files, ...CLASSES, '--apply'])).code).toBe(0);
    const check = await cli([
      ...files,
      'test/fixtures/modules/shop-settings.ts',
      ...CLASSES,
      '--check',
    ]);
    expect(check.stdout).not.toContain('✗');
    expect(check.stdout).toContain('✓ test1.pojo_test3 matches');
    expect(check.code).toBe(0);
  });

  it('--check lists each kind of drift and exits 1', async () => {
    const idx = await client.execute(
      "select index_name from system_schema.indexes where keyspace_name = 'shop' and table_name = 'orders'",
    );
    await cql([
      'alter table shop.orders drop items',
      'alter table shop.orders add note text',
      `drop index shop.${String(idx.first().get('index_name'))}`,
      'alter table shop.orders with gc_grace_seconds = 100',
      "alter keyspace shop with replication = {'class': 'SimpleStrategy', 'replication_factor': 2}",
      // Layouts that cannot be altered in place: tables built wrongly from the start.
      'drop table test1.orders',
      'create table test1.orders (customer text, order_no bigint, amount text, placed timestamp, status text, items list<text>, customer_name text static, primary key (customer, order_no)) with clustering order by (order_no asc)',
      'drop table test1.string_test1',
      'create table test1.string_test1 (key text, val text, extra int, primary key ((key, val)))',
    ]);
    const check = await cli([
      `${D}/pojo-typed.xml`,
      `${D}/primitive-string.xml`,
      'test/fixtures/modules/shop-settings.ts',
      '--check',
    ]);
    expect(check.code).toBe(1);
    const lines = check.stdout;
    expect(lines).toContain('✗ shop.orders differs');
    expect(lines).toContain('missing-column: column "items" (list<text>) is missing');
    expect(lines).toContain('extra-column: column "note" (text) is not in the descriptor');
    expect(lines).toContain('missing-index: an SAI index on "status" is missing');
    expect(lines).toContain(
      'option: table option gc_grace_seconds is 100, the descriptor wants 3600',
    );
    expect(lines).toMatch(
      /replication: keyspace "shop" replication is \{'class': 'SimpleStrategy', 'replication_factor': '2'\}/,
    );
    expect(lines).toContain('type: column "amount" is text, the descriptor wants decimal');
    expect(lines).toContain(
      'clustering-order: clustering order of "order_no" is asc, the descriptor wants desc',
    );
    expect(lines).toContain(
      'partition-key: the partition key is ("key", "val"), the descriptor wants ("key")',
    );
  });

  it('applies the other files when the server refuses one, and hints by the cause', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ddl-refused-'));
    const refused = path.join(dir, 'refused.xml');
    writeFileSync(
      refused,
      `<persistence keyspace="ddl_refused" table="t">
    <keyspaceOptions>REPLICATION = {'class' : 'NoSuchStrategy'}</keyspaceOptions>
    <keyPersistence class="java.lang.Long" strategy="PRIMITIVE"/>
    <valuePersistence strategy="BLOB"/>
</persistence>
`,
    );
    const result = await cli([refused, `${D}/primitive-long.xml`, '--apply']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/✗ .*refused\.xml: DDL failed: create keyspace/);
    expect(result.stderr).not.toMatch(/CREATE permission/);
    expect(result.stderr).toMatch(/✓ applied test1\.\w+ \(\d+ statements, schema agreed\)/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('names the contact points tried when the cluster cannot be reached', async () => {
    const block = allocateLoopbackBlock();
    try {
      const result = await runCli(
        ['ddl', `${D}/blob.xml`, '--apply', '--contact-points', `${block.address(1)}:9042`],
        { cwd },
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`error: Cannot reach Cassandra at ${block.address(1)}:9042`);
      expect(result.stderr).toContain('hint: Is Cassandra running');
      expect(result.stderr).toContain('`testbed local cassandra start`');
    } finally {
      block.release();
    }
  });
});
