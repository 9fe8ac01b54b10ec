import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { runCli } from '../support/cli';

const D = 'test/fixtures/descriptors';
const ALL = [
  `${D}/primitive-long.xml`,
  `${D}/primitive-string.xml`,
  `${D}/blob.xml`,
  `${D}/pojo-full.xml`,
  `${D}/pojo-typed.xml`,
  `${D}/pojo-discovered.xml`,
  `${D}/no-table.xml`,
  'test/fixtures/modules/shop-settings.ts',
];
const CLASSES = ['--classes', 'test/fixtures/modules/original-classes.ts'];
const cwd = path.join(__dirname, '..', '..');
const cli = (args: string[]) => runCli(args, { env: { ...process.env, FORCE_COLOR: '0' }, cwd });

describe('testbed ddl', () => {
  it('prints the store’s DDL for descriptors covering every element and attribute, and settings modules (golden)', async () => {
    const result = await cli(['ddl', ...ALL, ...CLASSES]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      readFileSync(path.join(cwd, 'test/fixtures/ddl-cli/all.txt'), 'utf8'),
    );
  });

  it('prints JSON and writes one .cql file per table with --out', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'ddl-out-'));
    const result = await cli([
      'ddl',
      `${D}/pojo-typed.xml`,
      'test/fixtures/modules/shop-settings.ts',
      '--format',
      'json',
      '--out',
      out,
    ]);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as {
      keyspace: string;
      table: string;
      statements: string[];
    }[];
    expect(json.map((t) => `${t.keyspace}.${t.table}`).sort()).toEqual([
      'shop.counters',
      'shop.orders',
      'test1.orders',
    ]);
    expect(readdirSync(out).sort()).toEqual([
      'shop.counters.cql',
      'shop.orders.cql',
      'test1.orders.cql',
    ]);
    expect(readFileSync(path.join(out, 'test1.orders.cql'), 'utf8')).toBe(
      `${json.find((t) => t.keyspace === 'test1')?.statements.join('\n\n') ?? ''}\n`,
    );
  });

  it('keeps going past bad files, reports each with file:line and the reason, and exits 1', async () => {
    const result = await cli([
      'ddl',
      `${D}/broken.xml`,
      `${D}/primitive-long.xml`,
      'no/such.xml',
      `${D}/pojo-full.xml`,
    ]);
    expect(result.code).toBe(1);
    // The good file is printed in full.
    expect(result.stdout).toContain('create table if not exists "test1"."primitive_test1"');
    expect(result.stderr).toContain('Invalid file specified: test/fixtures/descriptors/broken.xml');
    expect(result.stderr).toMatch(/broken\.xml:4:\d+: malformed XML: unexpected close tag/);
    expect(result.stderr).toMatch(/no\/such\.xml: no such file/);
    expect(result.stderr).not.toMatch(/ENOENT/);
    // A POJO descriptor without its classes says how to provide them on this command line.
    expect(result.stderr).toMatch(/pojo-full\.xml:18:13 .*no TypeScript class is registered/);
    expect(result.stderr).toContain(
      "--classes <module> exporting { classes: { 'org.apache.ignite.tests.pojos.PersonId': YourClass } }",
    );
    expect(result.stderr).toContain('3 of 4 file(s) failed.');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([
    [['ddl'], /missing required argument 'file'/, 2],
    [['ddl', `${D}/blob.xml`, '--format', 'yaml'], /Allowed choices are cql, json/, 2],
    [['ddl', `${D}/blob.xml`, '--bogus'], /unknown option '--bogus'/, 2],
    [['ddl', 'README.md'], /not a descriptor \(\.xml\) or a settings module/, 1],
    [['ddl', 'no/such/file.xml'], /no\/such\/file\.xml: no such file/, 1],
    [['ddl', 'test/fixtures'], /test\/fixtures: is a directory/, 1],
    [
      ['ddl', `${D}/blob.xml`, '--table', 'my-table'],
      /--table "my-table": a table name has 1 to 48/,
      2,
    ],
    [['ddl', 'test/support/cli.ts'], /the module exports no persistence settings/, 1],
    [
      ['ddl', `${D}/blob.xml`, '--classes', 'no/such/module.ts'],
      /--classes no\/such\/module\.ts: cannot load the module/,
      2,
    ],
  ])('rejects %j clearly', async (args, message, code) => {
    const result = await cli(args);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
  });

  it('has help with examples', async () => {
    const result = await cli(['ddl', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Examples:');
    expect(result.stdout).toContain('--check');
  });
});
