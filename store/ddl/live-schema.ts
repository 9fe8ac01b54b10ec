import type { Client, types } from 'cassandra-driver';

/** A column as Cassandra's `system_schema.columns` describes it. */
export interface LiveColumn {
  readonly name: string;
  /** CQL type text, e.g. `bigint`, `list<text>`, `map<text, int>`. */
  readonly type: string;
  readonly kind: 'partition_key' | 'clustering' | 'regular' | 'static';
  readonly position: number;
  readonly clusteringOrder: 'asc' | 'desc' | 'none';
}

/** An index as `system_schema.indexes` describes it. */
export interface LiveIndex {
  readonly name: string;
  /** `COMPOSITES` (a classic secondary index), `CUSTOM` (SAI, SASI, …) or `KEYS`. */
  readonly kind: string;
  /** Options, among them `target` (the column) and, for custom indexes, `class_name`. */
  readonly options: ReadonlyMap<string, string>;
}

/** What a keyspace and one of its tables look like in a live cluster. */
export interface LiveSchema {
  readonly keyspace?: {
    readonly replication: ReadonlyMap<string, string>;
    readonly durableWrites: boolean;
  };
  readonly table?: {
    readonly columns: readonly LiveColumn[];
    /** Scalar table options as text (`comment`, `gc_grace_seconds`, …) and map options' `class`. */
    readonly options: ReadonlyMap<string, string>;
  };
  readonly indexes: readonly LiveIndex[];
}

const SCALAR_OPTIONS = [
  'comment',
  'gc_grace_seconds',
  'default_time_to_live',
  'bloom_filter_fp_chance',
  'crc_check_chance',
  'max_index_interval',
  'min_index_interval',
  'memtable_flush_period_in_ms',
  'speculative_retry',
  'additional_write_policy',
  'read_repair',
] as const;

const MAP_OPTIONS = ['compaction', 'compression', 'caching'] as const;

function toMap(value: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (value instanceof Map)
    for (const [k, v] of value as Map<unknown, unknown>) out.set(String(k), String(v));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.set(k, String(v));
  return out;
}

/** An option value as text (numbers and strings as they are, anything else as JSON). */
function optionText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return v.toString();
  return JSON.stringify(v);
}

function rowsOf(rs: types.ResultSet): types.Row[] {
  return rs.rows;
}

/**
 * Reads a keyspace, one table and its indexes from `system_schema` (all nodes agree once schema
 * agreement is reached; the query goes to any of them).
 */
export async function readLiveSchema(
  client: Client,
  keyspace: string,
  table: string,
): Promise<LiveSchema> {
  const opts = { prepare: true };
  const [ks, tbl, cols, idx] = await Promise.all([
    client.execute(
      'SELECT replication, durable_writes FROM system_schema.keyspaces WHERE keyspace_name = ?',
      [keyspace],
      opts,
    ),
    client.execute(
      'SELECT * FROM system_schema.tables WHERE keyspace_name = ? AND table_name = ?',
      [keyspace, table],
      opts,
    ),
    client.execute(
      'SELECT column_name, type, kind, position, clustering_order FROM system_schema.columns WHERE keyspace_name = ? AND table_name = ?',
      [keyspace, table],
      opts,
    ),
    client.execute(
      'SELECT index_name, kind, options FROM system_schema.indexes WHERE keyspace_name = ? AND table_name = ?',
      [keyspace, table],
      opts,
    ),
  ]);
  const ksRow = ks.rows[0];
  const tblRow = tbl.rows[0];
  const options = new Map<string, string>();
  if (tblRow) {
    for (const name of SCALAR_OPTIONS) {
      const v: unknown = tblRow.get(name);
      if (v !== null && v !== undefined) options.set(name, optionText(v));
    }
    for (const name of MAP_OPTIONS) {
      const cls = toMap(tblRow.get(name)).get('class');
      if (cls) options.set(`${name}.class`, cls);
    }
  }
  return {
    ...(ksRow
      ? {
          keyspace: {
            replication: toMap(ksRow.get('replication')),
            durableWrites: Boolean(ksRow.get('durable_writes')),
          },
        }
      : {}),
    ...(tblRow
      ? {
          table: {
            columns: rowsOf(cols).map((r) => ({
              name: String(r.get('column_name')),
              type: String(r.get('type')),
              kind: String(r.get('kind')) as LiveColumn['kind'],
              position: Number(r.get('position')),
              clusteringOrder: String(r.get('clustering_order')) as LiveColumn['clusteringOrder'],
            })),
            options,
          },
        }
      : {}),
    indexes: rowsOf(idx).map((r) => ({
      name: String(r.get('index_name')),
      kind: String(r.get('kind')),
      options: toMap(r.get('options')),
    })),
  };
}
