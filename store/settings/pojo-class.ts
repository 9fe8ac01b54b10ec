import { SettingsError, type SettingsLocation } from '../errors';
import { decoratedMembers } from './decorators';
import { rawIndex, type PojoClass, type RawField } from './raw';

// Declared beside the raw settings (which the decorators' types also use), so the settings files import one way only.
export type { PojoClass } from './raw';

/** One property found on a class (own fields of an instance, decorated getters). */
export interface ClassMember {
  readonly name: string;
  /** What the decorators say, as a raw field (column, type, sort, static, index). */
  readonly field: RawField;
  readonly affinity: boolean;
  /** Getter without setter: written, never read back. */
  readonly readOnly: boolean;
  /** CQL type inferred from the default value; `serialized` for objects and arrays; undefined when it cannot be told. */
  readonly inferredType: string | undefined;
  /** Why the type could not be inferred, for the error message. */
  readonly unknownTypeReason?: string;
}

/** What {@link describeClass} learned about a POJO class. */
export interface ClassDescription {
  readonly cls: PojoClass;
  readonly name: string;
  readonly members: readonly ClassMember[];
  has(property: string): boolean;
  isReadOnly(property: string): boolean;
  member(property: string): ClassMember | undefined;
}

/** The CQL type a default value implies. */
export function inferType(value: unknown): { type?: string; reason?: string } {
  switch (typeof value) {
    case 'string':
      return { type: 'text' };
    case 'boolean':
      return { type: 'boolean' };
    case 'bigint':
      return { type: 'bigint' };
    case 'number':
      return {
        reason: 'it is a number, which may be int, bigint, smallint, tinyint, float, double, …',
      };
    case 'undefined':
      return { reason: 'it has no default value to tell its type from' };
    case 'object':
      if (value === null) return { reason: 'its default value is null' };
      if (value instanceof Date) return { type: 'timestamp' };
      if (value instanceof Uint8Array) return { type: 'blob' };
      // Arrays, maps, nested objects: no single CQL type: stored with the serializer, as the original did.
      return { type: 'serialized' };
    default:
      return { reason: `it is a ${typeof value}` };
  }
}

function findDescriptor(proto: object | null, name: string): PropertyDescriptor | undefined {
  for (let p = proto; p && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    const d = Object.getOwnPropertyDescriptor(p, name);
    if (d) return d;
  }
  return undefined;
}

function sortOf(descending: boolean | undefined): string | undefined {
  return descending === undefined ? undefined : descending ? 'desc' : 'asc';
}

/**
 * Instantiates the class once (it needs a constructor callable without arguments, as the original
 * required a public no-arg constructor) and lists its persistent members: the instance's own
 * properties in declaration order plus decorated getters, minus `@transient` ones.
 */
export function describeClass(cls: PojoClass, at: SettingsLocation): ClassDescription {
  let sample: Record<string, unknown>;
  try {
    sample = new cls() as Record<string, unknown>;
  } catch (error) {
    throw new SettingsError(
      `class ${cls.name} cannot be constructed without arguments: ${error instanceof Error ? error.message : String(error)}`,
      at,
      'Give the class a constructor that works without arguments (every parameter optional); the store creates instances when it reads rows.',
    );
  }
  const decorated = decoratedMembers(cls);
  const names = [...Object.keys(sample)];
  for (const [name, m] of decorated) if (!names.includes(name) && m.accessor) names.push(name);
  const members: ClassMember[] = [];
  for (const name of names) {
    const d = decorated.get(name);
    if (d?.transient) continue;
    const descriptor = Object.prototype.hasOwnProperty.call(sample, name)
      ? undefined
      : findDescriptor(Object.getPrototypeOf(sample) as object, name);
    const readOnly =
      descriptor !== undefined && descriptor.get !== undefined && descriptor.set === undefined;
    const value: unknown = readOnly ? descriptor.get?.call(sample) : sample[name];
    const inferred = inferType(value);
    const o = d?.options ?? {};
    const field: RawField = {
      name,
      ...(o.name !== undefined ? { column: o.name } : {}),
      ...(o.type !== undefined ? { type: o.type } : {}),
      ...(sortOf(o.descending) ? { sort: sortOf(o.descending) } : {}),
      ...(o.static !== undefined ? { static: o.static } : {}),
      ...rawIndex(o.index),
      ...(o.serialized ? { serialized: true } : {}),
      at: { ...at, path: `${cls.name}.${name}` },
    };
    members.push({
      name,
      field,
      affinity: d?.affinity ?? false,
      readOnly,
      inferredType: inferred.type,
      ...(inferred.reason ? { unknownTypeReason: inferred.reason } : {}),
    });
  }
  return {
    cls,
    name: cls.name,
    members,
    has: (property) =>
      property in sample ||
      findDescriptor(Object.getPrototypeOf(sample) as object, property) !== undefined,
    isReadOnly: (property) => {
      if (Object.prototype.hasOwnProperty.call(sample, property)) return false;
      const desc = findDescriptor(Object.getPrototypeOf(sample) as object, property);
      return desc?.get !== undefined && desc.set === undefined;
    },
    member: (property) => members.find((m) => m.name === property),
  };
}
