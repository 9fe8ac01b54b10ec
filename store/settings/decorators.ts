import type { IndexOption } from './raw';

// Node 20 has no Symbol.metadata yet. TypeScript and esbuild attach decorator metadata only when it
// exists, and esbuild falls back to Symbol.for('Symbol.metadata'): use that same symbol.
(Symbol as { metadata?: symbol }).metadata ??= Symbol.for('Symbol.metadata');

/** Options of {@link column}: the counterpart of Ignite's `@QuerySqlField`. */
export interface ColumnOptions {
  /** Column name. @default - the property name, lower-cased (as the original) */
  readonly name?: string;
  /**
   * CQL type (`int`, `bigint`, `list<text>`, …). Required where TypeScript cannot tell from the
   * default value: a `number` may be int, bigint, double, …
   * @default - inferred from the property's default value (string → text, boolean → boolean, bigint → bigint, Date → timestamp, Buffer → blob; objects and arrays → a serialized blob)
   */
  readonly type?: string;
  /**
   * Secondary index on this value column: `true` or `'classic'` (CREATE INDEX), `'sai'` (Storage
   * Attached Index), or a custom index class with options.
   * @default - no index
   */
  readonly index?: IndexOption;
  /** Clustering order of a key column. @default false */
  readonly descending?: boolean;
  /** A static column (one value per partition). @default false */
  readonly static?: boolean;
  /** Store with the serializer in a blob column even if the type has a CQL mapping. @default false */
  readonly serialized?: boolean;
}

/** What the decorators recorded for one member. */
export interface DecoratedMember {
  readonly options: ColumnOptions;
  readonly affinity: boolean;
  readonly transient: boolean;
  /** A getter: written but never read back (a "calculated" field). */
  readonly accessor: boolean;
}

const MEMBERS = Symbol('ignite-cassandra-testbed.columns');

type Metadata = Record<PropertyKey, unknown>;

function members(metadata: DecoratorMetadataObject | undefined): Map<string, DecoratedMember> {
  if (!metadata) {
    throw new Error(
      'decorator metadata is unavailable: compile with TypeScript 5.2+ or esbuild 0.21+ standard decorators',
    );
  }
  const meta: Metadata = metadata;
  // Metadata objects inherit from the superclass's: copy on first write so fields of a superclass
  // stay visible (the original ignored @AffinityKeyMapped on superclass fields) but are not mutated.
  if (!Object.prototype.hasOwnProperty.call(meta, MEMBERS)) {
    meta[MEMBERS] = new Map((meta[MEMBERS] as Map<string, DecoratedMember> | undefined) ?? []);
  }
  return meta[MEMBERS] as Map<string, DecoratedMember>;
}

function update(
  context: ClassFieldDecoratorContext | ClassGetterDecoratorContext,
  patch: (m: DecoratedMember) => DecoratedMember,
): void {
  if (typeof context.name !== 'string')
    throw new Error('@column and @affinityKey apply to string-named members only');
  const map = members(context.metadata);
  const current = map.get(context.name) ?? {
    options: {},
    affinity: false,
    transient: false,
    accessor: context.kind === 'getter',
  };
  map.set(context.name, patch(current));
}

/**
 * Maps a property (or getter, which becomes a written-only "calculated" column) to a column.
 *
 * ```ts
 * class Person {
 *   @column({ name: 'first_name' }) firstName = '';
 *   @column({ type: 'int', index: 'sai' }) age = 0;
 * }
 * ```
 */
export function column(options: ColumnOptions = {}) {
  return (
    _value: undefined | (() => unknown),
    context: ClassFieldDecoratorContext | ClassGetterDecoratorContext,
  ): void => {
    update(context, (m) => ({ ...m, options: { ...m.options, ...options } }));
  };
}

/**
 * Marks a key field as an affinity field, the counterpart of `@AffinityKeyMapped`: when key fields
 * carry it, they form the partition key and the other key fields become clustering columns;
 * otherwise all key fields form the partition key.
 */
export function affinityKey() {
  return (
    _value: undefined,
    context: ClassFieldDecoratorContext | ClassGetterDecoratorContext,
  ): void => {
    update(context, (m) => ({ ...m, affinity: true }));
  };
}

/** Leaves a property out of the table. */
export function transient() {
  return (_value: undefined, context: ClassFieldDecoratorContext): void => {
    update(context, (m) => ({ ...m, transient: true }));
  };
}

/** The members a class's decorators recorded (own and inherited), in declaration order. */
export function decoratedMembers(
  cls: abstract new (...args: never[]) => unknown,
): ReadonlyMap<string, DecoratedMember> {
  const meta = (cls as unknown as Record<symbol, Metadata | undefined>)[Symbol.metadata as symbol];
  return (meta?.[MEMBERS] as Map<string, DecoratedMember> | undefined) ?? new Map();
}
