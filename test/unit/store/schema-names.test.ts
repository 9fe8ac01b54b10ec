import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { types } from 'cassandra-driver';

import { loadPersistenceXml, persistenceSettings } from '../../../store';
import { ddlFailureHint } from '../../../store/private/schema';

const settings = (keyspace: string, table?: string) =>
  persistenceSettings({
    keyspace,
    ...(table ? { table } : {}),
    key: { strategy: 'PRIMITIVE', type: 'bigint' },
    value: { strategy: 'BLOB' },
  });

describe('keyspace and table names', () => {
  it('fails if a keyspace name has characters Cassandra refuses', () => {
    expect(() => settings('my-shop')).toThrow(
      /keyspace "my-shop" is not a valid Cassandra name: only letters, digits and underscores/,
    );
  });

  it('fails if a table name is longer than 48 characters', () => {
    expect(() => settings('shop', 't'.repeat(49))).toThrow(
      /table "t{49}" has 49 characters; Cassandra allows at most 48/,
    );
    expect(settings('shop', 't'.repeat(48)).table).toBe('t'.repeat(48));
  });

  it('names the descriptor file and line', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'names-')), 'bad.xml');
    writeFileSync(
      file,
      `<persistence keyspace="shop" table="orders.2024">
  <keyPersistence class="java.lang.Long" strategy="PRIMITIVE"/>
  <valuePersistence strategy="BLOB"/>
</persistence>
`,
    );
    await expect(loadPersistenceXml(file)).rejects.toThrow(
      new RegExp(
        `${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1.*table "orders.2024" is not a valid Cassandra name`,
      ),
    );
  });
});

describe('the hint of a failed DDL statement', () => {
  const failure = (code: number) => Object.assign(new Error('refused'), { code });

  it('names CREATE permission only when the server says unauthorized', () => {
    expect(ddlFailureHint(failure(types.responseErrorCodes.unauthorized))).toMatch(
      /CREATE permission/,
    );
    expect(ddlFailureHint(failure(types.responseErrorCodes.syntaxError))).not.toMatch(/permission/);
    expect(ddlFailureHint(failure(types.responseErrorCodes.configError))).toMatch(
      /keyspace and table names/,
    );
    expect(ddlFailureHint(failure(types.responseErrorCodes.writeTimeout))).toBeUndefined();
    expect(ddlFailureHint(new Error('socket closed'))).toBeUndefined();
  });
});
