import { BLOB } from '../settings/cql-types';
import type {
  FieldMapping,
  KeyPersistence,
  PersistenceSettings,
  ValueFieldMapping,
} from '../settings/model';

/** The key's columns in table order (aliases once): partition key, then clustering columns. */
export function keyColumns(key: KeyPersistence): FieldMapping[] {
  if (key.strategy !== 'POJO') {
    return [
      {
        name: '(key)',
        column: key.column,
        type: key.strategy === 'BLOB' ? BLOB : key.type,
        serialized: false,
        calculated: false,
      },
    ];
  }
  const seen = new Set<string>();
  return [...key.partitionKey, ...key.clusterKey].filter(
    (f) => !seen.has(f.column) && seen.add(f.column),
  );
}

/**
 * The value's own columns in table order: value fields whose column is not a key column, aliases
 * once. (A value field on a key column is filled from the key's column when read.)
 */
export function valueColumns(settings: PersistenceSettings): ValueFieldMapping[] {
  const value = settings.value;
  if (value.strategy !== 'POJO') {
    return [
      {
        name: '(value)',
        column: value.column,
        type: value.strategy === 'BLOB' ? BLOB : value.type,
        serialized: false,
        calculated: false,
        static: false,
      },
    ];
  }
  const taken = new Set(keyColumns(settings.key).map((f) => f.column));
  return value.fields.filter((f) => !taken.has(f.column) && taken.add(f.column));
}
