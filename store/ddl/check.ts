import type { Client } from 'cassandra-driver';

import { keyColumns, valueColumns } from '../mapping/columns';
import { formatCqlType } from '../settings/cql-types';
import type { IndexSpec, PersistenceSettings } from '../settings/model';
import { quote } from './generate';
import { readLiveSchema, type LiveSchema } from './live-schema';

/** One way a live table differs from what its descriptor describes. */
export interface SchemaDifference {
  readonly kind:
    | 'missing-keyspace'
    | 'replication'
    | 'missing-table'
    | 'missing-column'
    | 'extra-column'
    | 'type'
    | 'partition-key'
    | 'clustering-key'
    | 'clustering-order'
    | 'static'
    | 'missing-index'
    | 'index-kind'
    | 'option';
  readonly message: string;
}

/** Splits `a = 1 AND b = 'x and y'` at top-level ANDs (not inside quotes, braces or brackets). */
export function splitOptions(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === "'") quoted = !quoted;
    else if (!quoted && '{[('.includes(c)) depth++;
    else if (!quoted && '}])'.includes(c)) depth--;
    else if (!quoted && depth === 0 && /\s/.test(c)) {
      const and = /^\s+and\s+/i.exec(text.slice(i));
      if (and) {
        parts.push(current);
        current = '';
        i += and[0].length - 1;
        continue;
      }
    }
    current += c;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** Parses a CQL map literal `{'class': 'SimpleStrategy', 'replication_factor': 3}`. */
export function parseCqlMap(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const body = text.trim().replace(/^\{/, '').replace(/\}$/, '');
  for (const m of body.matchAll(/'((?:[^']|'')*)'\s*:\s*(?:'((?:[^']|'')*)'|([^,}\s]+))/g)) {
    out.set((m[1] ?? '').replace(/''/g, "'"), (m[2] ?? m[3] ?? '').replace(/''/g, "'"));
  }
  return out;
}

/** `name = value` pairs of an options text, keys lower-cased. */
export function parseOptions(text: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of splitOptions(text ?? '')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    out.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  return out;
}

const unquote = (v: string): string => v.replace(/^'(.*)'$/s, '$1').replace(/''/g, "'");
const shortClass = (c: string): string =>
  c.replace(
    /^org\.apache\.cassandra\.(locator|db\.compaction|io\.compress|index\.sai|index\.sasi)\./,
    '',
  );
const normType = (t: string): string =>
  t
    .replace(/\bvarchar\b/g, 'text')
    .replace(/\s+/g, '')
    .toLowerCase();

function sameScalar(a: string, b: string): boolean {
  const x = unquote(a);
  const y = unquote(b);
  if (x === y) return true;
  const nx = Number(x);
  const ny = Number(y);
  return x !== '' && y !== '' && !Number.isNaN(nx) && !Number.isNaN(ny) && nx === ny;
}

function describeIndex(spec: IndexSpec): string {
  return spec.kind === 'classic'
    ? 'a classic index'
    : spec.kind === 'sai'
      ? 'an SAI index'
      : `a custom index ${spec.indexClass}`;
}

function liveIndexKind(options: ReadonlyMap<string, string>, kind: string): string {
  const cls = options.get('class_name');
  if (kind !== 'CUSTOM' || !cls) return 'a classic index';
  return /StorageAttachedIndex$/.test(cls) ? 'an SAI index' : `a custom index ${cls}`;
}

/**
 * Compares a live keyspace/table/indexes with the layout the descriptor describes and lists each
 * difference: missing or extra columns, type mismatches, another partition or clustering layout or
 * clustering order, static flags, missing or different indexes, replication and table options the
 * descriptor sets. Empty when the store can use the table as it is.
 */
export function compareSchema(
  settings: PersistenceSettings,
  table: string,
  live: LiveSchema,
): SchemaDifference[] {
  const diffs: SchemaDifference[] = [];
  const ks = settings.keyspace;
  if (!live.keyspace)
    return [{ kind: 'missing-keyspace', message: `keyspace ${quote(ks)} does not exist` }];

  const wanted = parseOptions(settings.keyspaceOptions);
  const replication = wanted.get('replication');
  if (replication) {
    const want = parseCqlMap(replication);
    const have = live.keyspace.replication;
    const same =
      shortClass(want.get('class') ?? '') === shortClass(have.get('class') ?? '') &&
      [...want].every(([k, v]) => k === 'class' || have.get(k) === v) &&
      [...have].every(([k]) => k === 'class' || want.has(k));
    if (!same) {
      const show = (m: ReadonlyMap<string, string>) =>
        `{${[...m].map(([k, v]) => `'${k}': '${k === 'class' ? shortClass(v) : v}'`).join(', ')}}`;
      diffs.push({
        kind: 'replication',
        message: `keyspace ${quote(ks)} replication is ${show(have)}, the descriptor wants ${show(want)}`,
      });
    }
  }
  const durable = wanted.get('durable_writes');
  if (durable !== undefined && (durable.toLowerCase() === 'true') !== live.keyspace.durableWrites) {
    diffs.push({
      kind: 'replication',
      message: `keyspace ${quote(ks)} durable_writes is ${String(live.keyspace.durableWrites)}, the descriptor wants ${durable}`,
    });
  }

  if (!live.table)
    return [
      ...diffs,
      { kind: 'missing-table', message: `table ${quote(ks)}.${quote(table)} does not exist` },
    ];
  const columns = new Map(live.table.columns.map((c) => [c.name, c]));
  const key = settings.key;
  const partition =
    key.strategy === 'POJO' ? [...new Set(key.partitionKey.map((f) => f.column))] : [key.column];
  const clusteringFields =
    key.strategy === 'POJO' ? key.clusterKey.filter((f) => !partition.includes(f.column)) : [];
  const clustering = [...new Set(clusteringFields.map((f) => f.column))];
  const expected = [...keyColumns(key), ...valueColumns(settings)];

  for (const f of expected) {
    const c = columns.get(f.column);
    if (!c) {
      diffs.push({
        kind: 'missing-column',
        message: `column ${quote(f.column)} (${formatCqlType(f.type)}) is missing`,
      });
      continue;
    }
    if (normType(c.type) !== normType(formatCqlType(f.type))) {
      diffs.push({
        kind: 'type',
        message: `column ${quote(f.column)} is ${c.type}, the descriptor wants ${formatCqlType(f.type)}`,
      });
    }
    const wantStatic = 'static' in f && f.static === true;
    if (
      (c.kind === 'static') !== wantStatic &&
      c.kind !== 'partition_key' &&
      c.kind !== 'clustering'
    ) {
      diffs.push({
        kind: 'static',
        message: `column ${quote(f.column)} is ${c.kind === 'static' ? '' : 'not '}static, the descriptor wants it ${wantStatic ? '' : 'not '}static`,
      });
    }
  }
  const expectedNames = new Set(expected.map((f) => f.column));
  for (const c of live.table.columns) {
    if (!expectedNames.has(c.name))
      diffs.push({
        kind: 'extra-column',
        message: `column ${quote(c.name)} (${c.type}) is not in the descriptor`,
      });
  }

  const byPosition = (kind: string) =>
    live.table?.columns
      .filter((c) => c.kind === kind)
      .sort((a, b) => a.position - b.position)
      .map((c) => c.name) ?? [];
  const livePartition = byPosition('partition_key');
  const liveClustering = byPosition('clustering');
  const list = (names: readonly string[]) => `(${names.map(quote).join(', ')})`;
  if (livePartition.join() !== partition.join()) {
    diffs.push({
      kind: 'partition-key',
      message: `the partition key is ${list(livePartition)}, the descriptor wants ${list(partition)}`,
    });
  }
  if (liveClustering.join() !== clustering.join()) {
    diffs.push({
      kind: 'clustering-key',
      message: `the clustering columns are ${list(liveClustering)}, the descriptor wants ${list(clustering)}`,
    });
  } else {
    for (const name of clustering) {
      const want = clusteringFields.find((f) => f.column === name)?.sort ?? 'asc';
      const have = columns.get(name)?.clusteringOrder ?? 'asc';
      if (want !== have)
        diffs.push({
          kind: 'clustering-order',
          message: `clustering order of ${quote(name)} is ${have}, the descriptor wants ${want}`,
        });
    }
  }

  for (const f of valueColumns(settings)) {
    if (!f.index) continue;
    const index = live.indexes.find(
      (i) =>
        (i.options.get('target') ?? '')
          .replace(/^values\((.*)\)$/, '$1')
          .replace(/^"(.*)"$/, '$1') === f.column,
    );
    if (!index) {
      diffs.push({
        kind: 'missing-index',
        message: `${describeIndex(f.index)} on ${quote(f.column)} is missing`,
      });
      continue;
    }
    const have = liveIndexKind(index.options, index.kind);
    const want = describeIndex(f.index);
    const same =
      have === want ||
      (f.index.kind === 'custom' &&
        shortClass(index.options.get('class_name') ?? '') === shortClass(f.index.indexClass));
    if (!same)
      diffs.push({
        kind: 'index-kind',
        message: `the index on ${quote(f.column)} is ${have}, the descriptor wants ${want}`,
      });
  }

  for (const [name, value] of parseOptions(settings.tableOptions)) {
    if (name === 'clustering order by') continue;
    if (value.startsWith('{')) {
      const cls = parseCqlMap(value).get('class');
      const have = live.table.options.get(`${name}.class`);
      if (cls && have !== undefined && shortClass(cls) !== shortClass(have)) {
        diffs.push({
          kind: 'option',
          message: `table option ${name} class is ${shortClass(have)}, the descriptor wants ${shortClass(cls)}`,
        });
      }
      continue;
    }
    const have = live.table.options.get(name);
    if (have !== undefined && !sameScalar(have, value)) {
      diffs.push({
        kind: 'option',
        message: `table option ${name} is ${have}, the descriptor wants ${unquote(value)}`,
      });
    }
  }
  return diffs;
}

/** Reads the live schema and compares it with the descriptor (see {@link compareSchema}). */
export async function checkSchema(
  client: Client,
  settings: PersistenceSettings,
  table: string,
): Promise<SchemaDifference[]> {
  return compareSchema(settings, table, await readLiveSchema(client, settings.keyspace, table));
}
