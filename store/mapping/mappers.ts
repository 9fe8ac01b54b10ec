import type { types } from 'cassandra-driver';

import { describeKey, MappingError, MissingKeyFieldError } from '../errors';
import { deserialize, serialize, type Serializer } from '../serializers/serializer';
import type {
  BlobPersistence,
  FieldMapping,
  KeyPersistence,
  PersistenceSettings,
  ValueFieldMapping,
} from '../settings/model';
import { codecFor, describeField } from './codecs';
import { compileBind, compileFromRow, type CompiledField } from './compile';
import { keyColumns, valueColumns } from './columns';

type Row = types.Row & Record<string, unknown>;

/** Binds keys to their primary-key columns and rebuilds keys from rows. */
export interface KeyMapper {
  /** Primary-key columns in bind order: partition key first, then clustering columns. */
  readonly columns: readonly string[];
  /** How many of {@link KeyMapper.columns} form the partition key. */
  readonly partitionColumns: number;
  /** Appends the key's column values to `params`. */
  bind(key: unknown, params: unknown[]): void;
  fromRow(row: Row): unknown;
}

/** Binds values to their columns and rebuilds values from rows. */
export interface ValueMapper {
  /** Columns written (the value's own columns, aliases once, calculated fields included). */
  readonly columns: readonly string[];
  /** Columns a read must select to rebuild a value (calculated fields excluded). */
  readonly readColumns: readonly string[];
  bind(value: unknown, params: unknown[]): void;
  fromRow(row: Row): unknown;
}

/** One field bound to one column, with its converters prepared (serialized fields use the serializer). */
interface BoundField extends CompiledField {
  readonly calculated: boolean;
}

function boundField(f: FieldMapping, owner: string, serializer: Serializer): BoundField {
  const where = describeField(`${owner}.${f.name}`, f.type);
  const base = { name: f.name, column: f.column, where, calculated: f.calculated };
  if (f.serialized) {
    return {
      ...base,
      write: (v) => serialize(serializer, v),
      read: (v) => deserialize(serializer, v as Buffer, where),
    };
  }
  const codec = codecFor(f.type);
  return { ...base, write: codec.write, read: codec.read };
}

function blobRead(p: BlobPersistence, where: string, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  const data = deserialize(p.serializer, v as Buffer, where);
  return p.pojo && data !== null && typeof data === 'object'
    ? Object.assign(p.pojo.create(), data)
    : data;
}

/** Fields in column order: the first field of each column binds it. */
function firstPerColumn(fields: readonly BoundField[], columns: readonly string[]): BoundField[] {
  return columns.map((c) => {
    const f = fields.find((x) => x.column === c);
    if (!f) throw new Error(`internal: no field for column ${c}`);
    return f;
  });
}

export function keyMapper(key: KeyPersistence): KeyMapper {
  if (key.strategy === 'PRIMITIVE') {
    const codec = codecFor(key.type);
    const where = describeField('key', key.type);
    const column = key.column;
    return {
      columns: [column],
      partitionColumns: 1,
      bind: (k, params) => {
        params.push(codec.toDriver(k, where));
      },
      fromRow: (row) => codec.fromDriver(row[column]),
    };
  }
  if (key.strategy === 'BLOB') {
    return {
      columns: [key.column],
      partitionColumns: 1,
      bind: (k, params) => {
        params.push(serialize(key.serializer, k));
      },
      fromRow: (row) => blobRead(key, 'key', row[key.column]),
    };
  }
  const all = [...key.partitionKey, ...key.clusterKey].map((f) =>
    boundField(f, key.pojo.className, key.serializer),
  );
  const columns = keyColumns(key).map((f) => f.column);
  const binders = firstPerColumn(all, columns);
  const partitionColumns = new Set(key.partitionKey.map((f) => f.column)).size;
  const missing = (index: number, obj: unknown): never => {
    const f = binders[index] as BoundField;
    throw new MissingKeyFieldError(
      `key ${describeKey(obj)} has no value for field ${f.name} (column ${f.column}), which is part of the primary key`,
      { hint: `Set ${f.name} on every key of ${key.pojo.className}.` },
    );
  };
  const bind = compileBind(binders, missing);
  const fromRow = compileFromRow(all, () => key.pojo.create());
  return {
    columns,
    partitionColumns,
    bind: (k, params) => {
      if (k === null || typeof k !== 'object') {
        throw new MappingError(
          `key ${describeKey(k)} is not an object with the fields ${all.map((f) => f.name).join(', ')} of ${key.pojo.className}`,
        );
      }
      bind(k as Record<string, unknown>, params);
    },
    fromRow,
  };
}

export function valueMapper(settings: PersistenceSettings): ValueMapper {
  const value = settings.value;
  if (value.strategy === 'PRIMITIVE') {
    const codec = codecFor(value.type);
    const where = describeField('value', value.type);
    const column = value.column;
    return {
      columns: [column],
      readColumns: [column],
      bind: (v, params) => {
        params.push(codec.toDriver(v, where));
      },
      fromRow: (row) => codec.fromDriver(row[column]),
    };
  }
  if (value.strategy === 'BLOB') {
    return {
      columns: [value.column],
      readColumns: [value.column],
      bind: (v, params) => {
        params.push(serialize(value.serializer, v));
      },
      fromRow: (row) => blobRead(value, 'value', row[value.column]),
    };
  }
  const all = value.fields.map((f: ValueFieldMapping) =>
    boundField(f, value.pojo.className, value.serializer),
  );
  const columns = valueColumns(settings).map((f) => f.column);
  const bind = compileBind(firstPerColumn(all, columns));
  const readable = all.filter((f) => !f.calculated);
  return {
    columns,
    readColumns: [...new Set(readable.map((f) => f.column))],
    bind: (v, params) => {
      if (v === null || typeof v !== 'object') {
        throw new MappingError(
          `value ${describeKey(v)} is not an object of ${value.pojo.className}; to remove an entry use delete`,
        );
      }
      bind(v as Record<string, unknown>, params);
    },
    fromRow: compileFromRow(readable, () => value.pojo.create()),
  };
}
