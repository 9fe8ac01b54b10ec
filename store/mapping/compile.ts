/**
 * Specialised bind and read functions for POJO mappings. A generic loop over field descriptors
 * costs a keyed (megamorphic) property load and three or four small calls per field; the compiled
 * function does one monomorphic property load and at most one call per field, which is what keeps
 * the store's POJO path within a few percent of a hand-written driver client. Property and column
 * names come from validated settings (never from data) and are embedded with JSON.stringify.
 */
import type { types } from 'cassandra-driver';

/** One field of a compiled mapping. */
export interface CompiledField {
  /** Property of the object. */
  readonly name: string;
  readonly column: string;
  /** For messages: the field and its type. */
  readonly where: string;
  /** Converts a non-null value for binding (checks its type). */
  readonly write: (value: unknown, where: string) => unknown;
  /** Converts a non-null column value; undefined when the column value is used as it is. */
  readonly read: ((value: unknown) => unknown) | undefined;
}

type Bind = (obj: Record<string, unknown>, params: unknown[]) => void;
type FromRow = (row: types.Row) => Record<string, unknown>;

const literal = (s: string): string => JSON.stringify(s);

/**
 * `bind(obj, params)` appending one converted value per field, in order. A null or undefined
 * property binds null, or, with `missing`, calls it with the field's index (keys: required).
 */
export function compileBind(
  fields: readonly CompiledField[],
  missing?: (index: number, obj: unknown) => never,
): Bind {
  const lines = fields.map((f, i) => {
    const load = `v = obj[${literal(f.name)}];`;
    return missing
      ? `${load} if (v === null || v === undefined) missing(${i}, obj); params.push(w${i}(v, h${i}));`
      : `${load} params.push(v === null || v === undefined ? null : w${i}(v, h${i}));`;
  });
  const locals = fields.map((_, i) => `const w${i} = W[${i}], h${i} = H[${i}];`).join('\n');
  const body = `"use strict";\n${locals}\nreturn function bind(obj, params) {\nlet v;\n${lines.join('\n')}\n};`;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- code generated from validated settings only
  const make = new Function('W', 'H', 'missing', body) as (
    w: unknown,
    h: unknown,
    m: unknown,
  ) => Bind;
  return make(
    fields.map((f) => f.write),
    fields.map((f) => f.where),
    missing,
  );
}

/** `fromRow(row)`: a new object with every field set from its column (NULL reads as null). */
export function compileFromRow(
  fields: readonly CompiledField[],
  create: () => Record<string, unknown>,
): FromRow {
  const lines = fields.map((f, i) => {
    const target = `o[${literal(f.name)}]`;
    return f.read
      ? `v = row[${literal(f.column)}]; ${target} = v === null || v === undefined ? null : r${i}(v);`
      : `v = row[${literal(f.column)}]; ${target} = v === undefined ? null : v;`;
  });
  const locals = fields.map((f, i) => (f.read ? `const r${i} = R[${i}];` : '')).join('\n');
  const body = `"use strict";\n${locals}\nreturn function fromRow(row) {\nconst o = create();\nlet v;\n${lines.join('\n')}\nreturn o;\n};`;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- code generated from validated settings only
  const make = new Function('R', 'create', body) as (r: unknown, c: unknown) => FromRow;
  return make(
    fields.map((f) => f.read),
    create,
  );
}
