/**
 * How the driver target lays out each key and value generator in a CQL table, and converts between
 * generator values and bound parameters / rows.
 */
import type { types } from 'cassandra-driver';

import type { KeyGeneratorKind } from '../../generators/keys';
import type { Person, ValueGeneratorKind } from '../../generators/values';

export interface ValueMapping {
  /** `name type` pairs. */
  readonly columns: readonly (readonly [string, string])[];
  /** Bound parameters after the key, in column order. */
  params(value: unknown): unknown[];
  fromRow(row: types.Row): unknown;
}

const single = (type: string): ValueMapping => ({
  columns: [['value', type]],
  params: (value) => [value],
  fromRow: (row) => row.get('value') as unknown,
});

/** The original Person POJO's columns (the driver and store targets share this layout). */
export const PERSON_COLUMNS = [
  ['person_number', 'bigint'],
  ['first_name', 'text'],
  ['last_name', 'text'],
  ['age', 'int'],
  ['married', 'boolean'],
  ['height', 'bigint'],
  ['weight', 'double'],
  ['birth_date', 'timestamp'],
  ['phones', 'list<text>'],
] as const;

/** The original Person POJO as one column per field (CQL collections replace its serialized blob). */
const person: ValueMapping = {
  columns: PERSON_COLUMNS,
  params(value) {
    const p = value as Person;
    return [
      p.personNumber,
      p.firstName,
      p.lastName,
      p.age,
      p.married,
      p.height,
      p.weight,
      p.birthDate,
      p.phones,
    ];
  },
  fromRow(row): Person {
    return {
      personNumber: row.get('person_number') as bigint,
      firstName: row.get('first_name') as string,
      lastName: row.get('last_name') as string,
      age: row.get('age') as number,
      married: row.get('married') as boolean,
      height: row.get('height') as bigint,
      weight: row.get('weight') as number,
      birthDate: row.get('birth_date') as Date,
      phones: row.get('phones') as string[],
    };
  },
};

export function valueMapping(kind: ValueGeneratorKind): ValueMapping {
  switch (kind) {
    case 'long':
      return single('bigint');
    case 'string':
      return single('text');
    case 'bytes':
      return single('blob');
    case 'person':
      return person;
  }
}

export function keyColumnType(kind: KeyGeneratorKind): string {
  return kind === 'long' ? 'bigint' : 'text';
}
