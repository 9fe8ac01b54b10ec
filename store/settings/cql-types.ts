/**
 * CQL column types the store maps: the native types the Node driver supports, and list / set / map
 * of native types.
 */
export const NATIVE_CQL_TYPES = [
  'text',
  'ascii',
  'varchar',
  'int',
  'bigint',
  'smallint',
  'tinyint',
  'double',
  'float',
  'boolean',
  'decimal',
  'varint',
  'timestamp',
  'date',
  'time',
  'uuid',
  'timeuuid',
  'inet',
  'blob',
  'duration',
] as const;

export type NativeCqlType = (typeof NATIVE_CQL_TYPES)[number];

/** A parsed column type. */
export type CqlType =
  | { readonly kind: 'native'; readonly name: NativeCqlType }
  | { readonly kind: 'list' | 'set'; readonly element: NativeCqlType }
  | { readonly kind: 'map'; readonly key: NativeCqlType; readonly value: NativeCqlType };

const NATIVE = new Set<string>(NATIVE_CQL_TYPES);

function native(name: string): NativeCqlType | undefined {
  const n = name.trim().toLowerCase();
  return NATIVE.has(n) ? (n as NativeCqlType) : undefined;
}

/**
 * Parses `int`, `list<text>`, `set<uuid>`, `map<text, int>` (case-insensitive, `frozen<>` not
 * needed for these). Returns undefined for anything else.
 */
export function parseCqlType(text: string): CqlType | undefined {
  const t = text.trim().toLowerCase();
  const simple = native(t);
  if (simple) return { kind: 'native', name: simple };
  const collection = /^(list|set)\s*<\s*([a-z]+)\s*>$/.exec(t);
  if (collection?.[1] && collection[2]) {
    const element = native(collection[2]);
    return element ? { kind: collection[1] as 'list' | 'set', element } : undefined;
  }
  const map = /^map\s*<\s*([a-z]+)\s*,\s*([a-z]+)\s*>$/.exec(t);
  if (map?.[1] && map[2]) {
    const key = native(map[1]);
    const value = native(map[2]);
    return key && value ? { kind: 'map', key, value } : undefined;
  }
  return undefined;
}

/** The CQL text of a type, as used in DDL. */
export function formatCqlType(type: CqlType): string {
  switch (type.kind) {
    case 'native':
      return type.name;
    case 'list':
    case 'set':
      return `${type.kind}<${type.element}>`;
    case 'map':
      return `map<${type.key}, ${type.value}>`;
  }
}

/** Two types are the same column type (varchar is text). */
export function sameCqlType(a: CqlType, b: CqlType): boolean {
  const norm = (t: CqlType): string => formatCqlType(t).replace(/\bvarchar\b/g, 'text');
  return norm(a) === norm(b);
}

export const BLOB: CqlType = { kind: 'native', name: 'blob' };

/**
 * Java class names of the original module's descriptors and the CQL type its table used for them
 * (PropertyMappingHelper). Primitive names cover POJO field declarations.
 */
const JAVA_CLASSES: Record<string, NativeCqlType> = {
  'java.lang.String': 'text',
  'java.lang.Integer': 'int',
  int: 'int',
  'java.lang.Short': 'smallint',
  short: 'smallint',
  'java.lang.Long': 'bigint',
  long: 'bigint',
  'java.lang.Double': 'double',
  double: 'double',
  'java.lang.Float': 'float',
  float: 'float',
  'java.lang.Boolean': 'boolean',
  boolean: 'boolean',
  'java.math.BigDecimal': 'decimal',
  'java.math.BigInteger': 'varint',
  'java.net.InetAddress': 'inet',
  'java.net.Inet4Address': 'inet',
  'java.net.Inet6Address': 'inet',
  'java.util.Date': 'timestamp',
  'java.sql.Timestamp': 'timestamp',
  'java.util.UUID': 'uuid',
  'java.nio.ByteBuffer': 'blob',
  'byte[]': 'blob',
  '[B': 'blob',
};

/** The CQL type of a Java class name from an original descriptor; undefined when it has none. */
export function cqlTypeOfJavaClass(className: string): CqlType | undefined {
  const name = JAVA_CLASSES[className.trim()];
  return name ? { kind: 'native', name } : undefined;
}

/** The Java class names a PRIMITIVE descriptor may name, for messages. */
export const PRIMITIVE_JAVA_CLASSES: readonly string[] = Object.keys(JAVA_CLASSES).filter((c) =>
  c.includes('.'),
);

/** Whether a Java class name denotes raw bytes (only BLOB-compatible in the original). */
export function isBytesClass(className: string): boolean {
  return ['java.nio.ByteBuffer', 'byte[]', '[B'].includes(className.trim());
}
