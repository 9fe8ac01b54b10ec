import { formatCqlType } from '../settings/cql-types';
import type { FieldMapping, PersistenceSettings, ValueFieldMapping } from '../settings/model';
import { keyColumns, valueColumns } from '../mapping/columns';

/** The statements that create a table's keyspace, table and indexes: exactly what the store runs. */
export interface TableDdl {
  readonly keyspace: string;
  readonly table: string;
  readonly createKeyspace: string;
  readonly createTable: string;
  readonly createIndexes: readonly string[];
}

/** `"name"`: every identifier is quoted, as the original did (case and reserved words kept). */
export function quote(identifier: string): string {
  return `"${identifier}"`;
}

const collapseSpaces = (s: string): string => s.replace(/ {2,}/g, ' ');
const terminate = (s: string): string => (s.endsWith(';') ? s : `${s};`);

function columnLine(f: FieldMapping, isStatic: boolean): string {
  return ` ${quote(f.column)} ${formatCqlType(f.type)}${isStatic ? ' static' : ''}`;
}

function indexStatement(ks: string, table: string, f: ValueFieldMapping): string | undefined {
  const index = f.index;
  if (!index) return undefined;
  const target = `on ${quote(ks)}.${quote(table)} (${quote(f.column)})`;
  switch (index.kind) {
    case 'classic':
      return `create index if not exists ${target};`;
    case 'sai': {
      const options = index.options
        ? ` with options = {${Object.entries(index.options)
            .map(([k, v]) => `'${k}': '${v}'`)
            .join(', ')}}`
        : '';
      return `create custom index if not exists ${target} using 'StorageAttachedIndex'${options};`;
    }
    case 'custom':
      return `create custom index if not exists ${target} using '${index.indexClass}'${index.options ? ` with ${index.options}` : ''};`;
  }
}

/**
 * Generates the DDL of the original module's rules: `create keyspace if not exists` with the
 * keyspace options; `create table if not exists` with key columns first, then the value columns
 * not already in the key (aliases once, `static` where asked), the primary key
 * `(("pk1", "pk2"), "ck1", …)`, and `with <table options> and clustering order by (…)` for
 * clustering columns with an explicit sort; one `create [custom] index if not exists` per indexed
 * value column outside the key (Storage Attached Indexes included).
 *
 * @param table the table name when the settings have none (the cache name)
 */
export function generateDdl(settings: PersistenceSettings, table?: string): TableDdl {
  const ks = settings.keyspace;
  const tbl = settings.table ?? table;
  if (!tbl) throw new Error('generateDdl: the settings name no table and none was given');
  const keys = keyColumns(settings.key);
  const values = valueColumns(settings);
  const key = settings.key;
  const partition = key.strategy === 'POJO' ? uniqueColumns(key.partitionKey) : [key.column];
  const clustering =
    key.strategy === 'POJO' ? key.clusterKey.filter((f) => !partition.includes(f.column)) : [];
  const clusteringColumns = uniqueColumns(clustering);

  const columnLines = [
    ...keys.map((f) => columnLine(f, false)),
    ...values.map((f) => columnLine(f, f.static)),
  ];
  const primaryKey = ` primary key ((${partition.map(quote).join(', ')})${clusteringColumns.map((c) => `, ${quote(c)}`).join('')})`;
  const ordered = clusteringColumns
    .map((c) => clustering.find((f) => f.column === c && f.sort))
    .filter((f): f is NonNullable<typeof f> => f !== undefined);
  const clusteringOrder = ordered.length
    ? `clustering order by (${ordered.map((f) => `${quote(f.column)} ${f.sort ?? 'asc'}`).join(', ')})`
    : '';
  const options = [settings.tableOptions, clusteringOrder].filter(Boolean).join(' and ');

  const createTable = terminate(
    collapseSpaces(
      `create table if not exists ${quote(ks)}.${quote(tbl)}\n(\n${[...columnLines, primaryKey].join(',\n')}\n)${options ? `\nwith ${options}` : ''}`,
    ),
  );
  return {
    keyspace: ks,
    table: tbl,
    createKeyspace: terminate(
      collapseSpaces(
        `create keyspace if not exists ${quote(ks)}\nwith ${settings.keyspaceOptions}`,
      ),
    ),
    createTable,
    createIndexes: values
      .map((f) => indexStatement(ks, tbl, f))
      .filter((s): s is string => s !== undefined),
  };
}

function uniqueColumns(fields: readonly FieldMapping[]): string[] {
  return [...new Set(fields.map((f) => f.column))];
}
