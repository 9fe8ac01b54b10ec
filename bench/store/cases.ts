/**
 * The benchmark's cases: for each key/value layout (PRIMITIVE Long→Long, BLOB, POJO Person), the
 * same operations done by the store and by a hand-tuned cassandra-driver baseline that issues the
 * same prepared statements with the same in-flight bound and the same rows.
 */
import { decode, encode } from '@msgpack/msgpack';
import type { Client, types } from 'cassandra-driver';

import { forEachBounded } from '../../common/bounded';
import { column, type CassandraStore } from '../../store';

/** A Person-like class with ten fields of mixed types. */
export class Person {
  @column({ type: 'bigint' }) number = 0n;
  firstName = '';
  lastName = '';
  @column({ type: 'int' }) age = 0;
  married = false;
  @column({ type: 'bigint' }) height = 0n;
  @column({ type: 'double' }) weight = 0;
  birthDate = new Date(0);
  email = '';
  @column({ type: 'list<text>' }) phones: string[] = [];
}

export function person(i: number): Person {
  return Object.assign(new Person(), {
    number: BigInt(i),
    firstName: `first${i}`,
    lastName: `last${i}`,
    age: i % 100,
    married: i % 2 === 0,
    height: BigInt(150 + (i % 50)),
    weight: 50 + (i % 40) + 0.5,
    birthDate: new Date(631152000000 + i * 1000),
    email: `person${i}@example.com`,
    phones: [`+1-555-${i % 10000}`, `+1-556-${i % 10000}`],
  });
}

/** What a blob value looks like: a small document. */
export function blobValue(i: number): Record<string, unknown> {
  return { id: i, name: `item ${i}`, tags: ['a', 'b', 'c'], price: i * 1.25, stock: i % 1000 };
}

/** One layout: how keys and values are made, and how the baseline binds and reads them. */
export interface Layout {
  readonly name: 'primitive' | 'blob' | 'pojo';
  readonly key: (i: number) => unknown;
  readonly value: (i: number) => unknown;
  /** The baseline's bind of (key, value): what a careful hand-written client would pass. */
  readonly bindEntry: (k: unknown, v: unknown) => unknown[];
  readonly bindKey: (k: unknown) => unknown[];
  /** The baseline's read of a row into a value. */
  readonly readValue: (row: types.Row) => unknown;
}

const POJO_COLUMNS = [
  'number',
  'firstname',
  'lastname',
  'age',
  'married',
  'height',
  'weight',
  'birthdate',
  'email',
  'phones',
] as const;

export const LAYOUTS: readonly Layout[] = [
  {
    name: 'primitive',
    key: (i) => BigInt(i),
    value: (i) => BigInt(i * 10),
    bindEntry: (k, v) => [k, v],
    bindKey: (k) => [k],
    readValue: (row) => row.get('value') as unknown,
  },
  {
    name: 'blob',
    key: (i) => BigInt(i),
    value: blobValue,
    bindEntry: (k, v) => [k, Buffer.from(encode(v))],
    bindKey: (k) => [k],
    readValue: (row) => decode(row.get('value') as Buffer),
  },
  {
    name: 'pojo',
    key: (i) => BigInt(i),
    value: person,
    bindEntry: (k, v) => {
      const p = v as Person;
      return [
        k,
        p.number,
        p.firstName,
        p.lastName,
        p.age,
        p.married,
        p.height,
        p.weight,
        p.birthDate,
        p.email,
        p.phones,
      ];
    },
    bindKey: (k) => [k],
    readValue: (row) => {
      const p = new Person();
      p.number = row.number as bigint;
      p.firstName = row.firstname as string;
      p.lastName = row.lastname as string;
      p.age = row.age as number;
      p.married = row.married as boolean;
      p.height = row.height as bigint;
      p.weight = row.weight as number;
      p.birthDate = row.birthdate as Date;
      p.email = row.email as string;
      p.phones = row.phones as string[];
      return p;
    },
  },
];

export { POJO_COLUMNS };

/** The operations measured; `batch` is the bulk size (1 for single operations). */
export const OPERATIONS = [
  { name: 'write', batch: 1 },
  { name: 'writeAll(100)', batch: 100 },
  { name: 'writeAll(1000)', batch: 1000 },
  { name: 'load', batch: 1 },
  { name: 'loadAll(100)', batch: 100 },
] as const;

export type OperationName = (typeof OPERATIONS)[number]['name'];

/** One call of an operation covering `batch` rows starting at row `first`. */
export type Call = (first: number) => Promise<void>;

/** The store's side of a case. */
export function storeCall(
  store: CassandraStore,
  layout: Layout,
  op: OperationName,
  batch: number,
): Call {
  switch (op) {
    case 'write':
      return (i) => store.write(layout.key(i), layout.value(i));
    case 'load':
      return async (i) => {
        if ((await store.load(layout.key(i))) === undefined) throw new Error(`row ${i} missing`);
      };
    case 'writeAll(100)':
    case 'writeAll(1000)':
      return (first) =>
        store.writeAll(
          Array.from(
            { length: batch },
            (_, j) => [layout.key(first + j), layout.value(first + j)] as const,
          ),
        );
    case 'loadAll(100)':
      return async (first) => {
        const got = await store.loadAll(
          Array.from({ length: batch }, (_, j) => layout.key(first + j)),
        );
        if (got.size !== batch) throw new Error(`loadAll returned ${got.size} of ${batch}`);
      };
  }
}

/** The baseline's side: the same statements through the driver, bounded to the same in-flight window. */
export function driverCall(
  client: Client,
  statements: { insert: string; selectValue: string },
  layout: Layout,
  op: OperationName,
  batch: number,
  maxInFlight: number,
  consistency: number,
): Call {
  const write = { prepare: true, isIdempotent: true, consistency };
  const read = { prepare: true, isIdempotent: true, consistency };
  switch (op) {
    case 'write':
      return async (i) => {
        await client.execute(
          statements.insert,
          layout.bindEntry(layout.key(i), layout.value(i)),
          write,
        );
      };
    case 'load':
      return async (i) => {
        const row = (
          await client.execute(statements.selectValue, layout.bindKey(layout.key(i)), read)
        ).first() as types.Row | null;
        if (!row) throw new Error(`row ${i} missing`);
        layout.readValue(row);
      };
    case 'writeAll(100)':
    case 'writeAll(1000)':
      return async (first) => {
        const params = Array.from({ length: batch }, (_, j) =>
          layout.bindEntry(layout.key(first + j), layout.value(first + j)),
        );
        await forEachBounded(batch, maxInFlight, async (j) => {
          await client.execute(statements.insert, params[j] as unknown[], write);
        });
      };
    case 'loadAll(100)':
      return async (first) => {
        const found = new Map<unknown, unknown>();
        await forEachBounded(batch, maxInFlight, async (j) => {
          const k = layout.key(first + j);
          const row = (
            await client.execute(statements.selectValue, layout.bindKey(k), read)
          ).first() as types.Row | null;
          if (row) found.set(k, layout.readValue(row));
        });
        if (found.size !== batch) throw new Error(`loadAll returned ${found.size} of ${batch}`);
      };
  }
}
