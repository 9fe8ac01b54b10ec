import { quote } from '../ddl/generate';
import type { KeyMapper, ValueMapper } from './mappers';

/** The CQL of one table's operations (prepared once per data source by the driver). */
export interface TableStatements {
  readonly insert: string;
  readonly delete: string;
  /** Value columns by key (load, loadAll). */
  readonly selectValue: string;
  /** Key and value columns, no predicate (scans); append a WHERE. */
  readonly selectAll: string;
  /**
   * Key and value columns of several keys at once (`key in ?`, bound to a list), for keys of one
   * column; undefined for keys of several columns.
   */
  readonly selectValuesIn: string | undefined;
}

/**
 * Builds the statements of the original (§2.6 of the reference): quoted identifiers; insert of
 * the key columns then the value's own columns, with `using ttl` when set; delete and select by
 * every primary-key column.
 */
export function tableStatements(
  keyspace: string,
  table: string,
  key: KeyMapper,
  value: ValueMapper,
  ttlSeconds?: number,
): TableStatements {
  const target = `${quote(keyspace)}.${quote(table)}`;
  const insertColumns = [...key.columns, ...value.columns];
  const where = key.columns.map((c) => `${quote(c)} = ?`).join(' and ');
  const keySet = new Set(key.columns);
  const allColumns = [...key.columns, ...value.readColumns.filter((c) => !keySet.has(c))];
  return {
    insert:
      `insert into ${target} (${insertColumns.map(quote).join(', ')}) values (${insertColumns.map(() => '?').join(', ')})` +
      (ttlSeconds ? ` using ttl ${ttlSeconds}` : ''),
    delete: `delete from ${target} where ${where}`,
    selectValue: `select ${value.readColumns.map(quote).join(', ')} from ${target} where ${where}`,
    selectAll: `select ${allColumns.map(quote).join(', ')} from ${target}`,
    selectValuesIn:
      key.columns.length === 1
        ? `select ${allColumns.map(quote).join(', ')} from ${target} where ${quote(key.columns[0] as string)} in ?`
        : undefined,
  };
}
