import { readFileSync } from 'node:fs';
import path from 'node:path';

import { column, generateDdl, loadPersistenceXml, persistenceSettings } from '../../../store';
import { FIXTURES, ORIGINAL_CLASSES } from '../../support/pojos';

const GOLDEN = path.join(__dirname, '..', '..', 'fixtures', 'ddl');

describe('DDL generation', () => {
  it.each([
    'primitive-long',
    'primitive-string',
    'blob',
    'pojo-full',
    'pojo-typed',
    'pojo-discovered',
  ])('matches the golden DDL of %s', async (name) => {
    const d = generateDdl(
      await loadPersistenceXml(path.join(FIXTURES, `${name}.xml`), { classes: ORIGINAL_CLASSES }),
      'my_table',
    );
    const text = [d.createKeyspace, d.createTable, ...d.createIndexes].join('\n\n') + '\n';
    expect(text).toBe(readFileSync(path.join(GOLDEN, `${name}.cql`), 'utf8'));
  });

  it('lays tables out as the original did: key columns first, aliases once, quoted identifiers', async () => {
    const d = generateDdl(
      await loadPersistenceXml(path.join(FIXTURES, 'pojo-full.xml'), { classes: ORIGINAL_CLASSES }),
    );
    const columns = [...d.createTable.matchAll(/^ "([a-z_]+)" /gm)].map((m) => m[1]);
    expect(columns.slice(0, 3)).toEqual(['company', 'department', 'number']);
    // personNumber of the value maps to the key's "number": one column only.
    expect(columns.filter((c) => c === 'number')).toHaveLength(1);
    expect(d.createTable).toContain('primary key (("company", "department"), "number")');
  });

  it('uses the cache name when the settings have no table, and says so when neither is given', () => {
    const s = persistenceSettings({
      keyspace: 'k',
      key: { strategy: 'PRIMITIVE', type: 'int' },
      value: { strategy: 'BLOB' },
    });
    expect(generateDdl(s, 'cache1').createTable).toContain('"k"."cache1"');
    expect(() => generateDdl(s)).toThrow(/no table/);
  });

  it('renders SAI options', () => {
    class V {
      @column({ index: 'sai' }) name = '';
    }
    const s = persistenceSettings({
      keyspace: 'k',
      table: 't',
      key: { strategy: 'PRIMITIVE', type: 'int' },
      value: { strategy: 'POJO', class: V },
    });
    expect(generateDdl(s).createIndexes).toEqual([
      `create custom index if not exists on "k"."t" ("name") using 'StorageAttachedIndex';`,
    ]);
  });
});
