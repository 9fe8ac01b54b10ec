import { SettingsError, type SettingsLocation } from '../errors';
import { jsonSerializer } from '../serializers/json';
import { msgpackSerializer } from '../serializers/msgpack';
import type { Serializer } from '../serializers/serializer';
import { v8Serializer } from '../serializers/v8';
import {
  BLOB,
  cqlTypeOfJavaClass,
  formatCqlType,
  NATIVE_CQL_TYPES,
  parseCqlType,
  PRIMITIVE_JAVA_CLASSES,
  sameCqlType,
  type CqlType,
} from './cql-types';
import {
  DEFAULT_KEYSPACE_OPTIONS,
  type FieldMapping,
  type IndexSpec,
  type KeyFieldMapping,
  type KeyPersistence,
  type PersistenceSettings,
  type PojoFactory,
  type ValueFieldMapping,
  type ValuePersistence,
} from './model';
import { describeClass, type ClassDescription, type PojoClass } from './pojo-class';
import type { RawField, RawPersistence, RawSettings } from './raw';

/** What the front ends cannot know by themselves: classes and serializers referred to by name. */
export interface BuildContext {
  /**
   * TypeScript classes for the class names descriptors use (`com.acme.Person` → `Person`): they
   * give POJO fields their types and build the objects read back.
   */
  readonly classes?: Readonly<Record<string, PojoClass>>;
  /** Custom serializers, found by their `name`. */
  readonly serializers?: readonly Serializer[];
  /**
   * How to register a class where these settings are loaded, for messages.
   * @default "settings option classes: { '<name>': YourClass }"
   */
  readonly registrationHint?: (className: string) => string;
  /** Called with non-fatal notes (e.g. a Java serializer replaced by the default). */
  readonly warn?: (message: string) => void;
}

const BUILT_IN_SERIALIZERS: readonly Serializer[] = [
  msgpackSerializer,
  jsonSerializer,
  v8Serializer,
];

/** Java serializers of the original; their bytes cannot be produced here, so the default stands in. */
const JAVA_SERIALIZERS = /(^|\.)(JavaSerializer|KryoSerializer)$/;

const STRATEGIES = ['PRIMITIVE', 'BLOB', 'POJO'] as const;
type Strategy = (typeof STRATEGIES)[number];

/** Text of keyspace/table/index options: whitespace folded, a leading WITH removed (DDL adds it). */
export function normalizeOptions(text: string): string {
  return text
    .replace(/\r/g, '')
    .replace(/[\n\t]/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim()
    .replace(/^with\s+/i, '');
}

function at(loc: SettingsLocation, path: string): SettingsLocation {
  return { ...loc, path };
}

function requireName(
  value: string | undefined,
  what: string,
  loc: SettingsLocation,
  fix: string,
): string {
  const v = value?.trim();
  if (!v) throw new SettingsError(`${what} is missing`, loc, fix);
  return checkSchemaName(v, what, loc);
}

/** Longest keyspace or table name Cassandra accepts (its SchemaConstants.NAME_LENGTH). */
export const MAX_SCHEMA_NAME_LENGTH = 48;

/**
 * A keyspace or table name Cassandra accepts: letters, digits and underscores, at most 48
 * characters. Checked here so the mistake is reported with its file and line, not by the server.
 */
function checkSchemaName(name: string, what: string, loc: SettingsLocation): string {
  if (!/^\w+$/.test(name))
    throw new SettingsError(
      `${what} "${name}" is not a valid Cassandra name: only letters, digits and underscores are allowed`,
      loc,
      `Rename it, e.g. "${name.replace(/[^A-Za-z0-9_]+/g, '_').slice(0, MAX_SCHEMA_NAME_LENGTH)}".`,
    );
  if (name.length > MAX_SCHEMA_NAME_LENGTH)
    throw new SettingsError(
      `${what} "${name}" has ${name.length} characters; Cassandra allows at most ${MAX_SCHEMA_NAME_LENGTH}`,
      loc,
      `Shorten it to ${MAX_SCHEMA_NAME_LENGTH} characters or fewer.`,
    );
  return name;
}

function parseBool(
  value: string | boolean | undefined,
  what: string,
  loc: SettingsLocation,
): boolean {
  if (value === undefined || typeof value === 'boolean') return value ?? false;
  const v = value.trim().toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new SettingsError(
    `${what} must be true or false, got "${value}"`,
    loc,
    `Write ${what}="true" or ${what}="false".`,
  );
}

function resolveSerializer(
  name: string | Serializer | undefined,
  loc: SettingsLocation,
  ctx: BuildContext,
): Serializer {
  if (name === undefined) return msgpackSerializer;
  if (typeof name !== 'string') return name;
  const n = name.trim();
  const found = [...BUILT_IN_SERIALIZERS, ...(ctx.serializers ?? [])].find((s) => s.name === n);
  if (found) return found;
  if (JAVA_SERIALIZERS.test(n)) {
    ctx.warn?.(
      `${loc.file ? `${loc.file}: ` : ''}serializer ${n} is a Java serializer; this store writes new values with msgpack instead (BLOB values the Java store wrote stay unreadable here).`,
    );
    return msgpackSerializer;
  }
  const known = [...BUILT_IN_SERIALIZERS, ...(ctx.serializers ?? [])].map((s) => s.name).join(', ');
  throw new SettingsError(
    `unknown serializer "${n}"`,
    loc,
    `Use one of: ${known}, or register yours in the settings' serializers.`,
  );
}

function parseType(text: string, loc: SettingsLocation): CqlType {
  const t = parseCqlType(text);
  if (!t) {
    throw new SettingsError(
      `"${text}" is not a CQL type the store maps`,
      loc,
      `Use one of ${NATIVE_CQL_TYPES.join(', ')}, or list<…>, set<…>, map<…, …> of them.`,
    );
  }
  return t;
}

function parseStrategy(raw: RawPersistence, what: string): Strategy {
  const s = raw.strategy?.trim().toUpperCase();
  if (!s)
    throw new SettingsError(
      `${what} has no strategy`,
      raw.at,
      'Add strategy="PRIMITIVE", "BLOB" or "POJO".',
    );
  if (!(STRATEGIES as readonly string[]).includes(s)) {
    throw new SettingsError(
      `${what} has unknown strategy "${raw.strategy ?? ''}"`,
      raw.at,
      'Use PRIMITIVE, BLOB or POJO.',
    );
  }
  return s as Strategy;
}

/** Resolves the class of a POJO persistence: given directly, registered by name, or none (explicit typed fields only). */
/** A POJO class as the settings refer to it: its name, what was learned from its TS class, and how to register one. */
interface PojoRef {
  readonly name: string;
  readonly description?: ClassDescription;
  readonly registrationHint: string;
}

/** Resolves the class of a POJO persistence: given directly, registered by name, or none (explicit typed fields only). */
function resolveClass(raw: RawPersistence, what: string, ctx: BuildContext): PojoRef {
  const hint = (name: string): string =>
    ctx.registrationHint?.(name) ?? `settings option classes: { '${name}': YourClass }`;
  if (raw.pojoClass) {
    return {
      name: raw.pojoClass.name,
      description: describeClass(raw.pojoClass, raw.at),
      registrationHint: hint(raw.pojoClass.name),
    };
  }
  const name = raw.className?.trim();
  if (!name) {
    throw new SettingsError(
      `${what} with strategy POJO has no class`,
      raw.at,
      'Add class="<class name>" (and register a TypeScript class for it, or give every field a type).',
    );
  }
  const cls = ctx.classes?.[name];
  return cls
    ? { name, description: describeClass(cls, raw.at), registrationHint: hint(name) }
    : { name, registrationHint: hint(name) };
}

function factoryOf(name: string, description: ClassDescription | undefined): PojoFactory {
  const cls = description?.cls;
  return cls
    ? { className: name, create: () => new cls() as Record<string, unknown> }
    : { className: name, create: () => ({}) };
}

function fieldType(
  raw: RawField,
  name: string,
  cls: PojoRef,
  loc: SettingsLocation,
): { type: CqlType; serialized: boolean } {
  const member = cls.description?.member(name);
  const declared = raw.type ?? member?.field.type;
  if (raw.serialized || member?.field.serialized) return { type: BLOB, serialized: true };
  if (declared !== undefined) {
    const javaType = cqlTypeOfJavaClass(declared);
    return { type: javaType ?? parseType(declared, loc), serialized: false };
  }
  if (member?.inferredType === 'serialized') return { type: BLOB, serialized: true };
  if (member?.inferredType) return { type: parseType(member.inferredType, loc), serialized: false };
  const why = member?.unknownTypeReason ?? `no TypeScript class is registered for ${cls.name}`;
  throw new SettingsError(
    `the type of field "${name}" of ${cls.name} is unknown: ${why}`,
    loc,
    cls.description
      ? `Either add type="<cql type>" to the field element (e.g. type="int"), or declare it on the class: @column({ type: 'int' }) ${name}.`
      : `Either add type="<cql type>" to the field element (e.g. type="int"), or register a TypeScript class for ${cls.name} (${cls.registrationHint}).`,
  );
}

function checkNames(fields: readonly RawField[], what: string): void {
  const seen = new Map<string, SettingsLocation>();
  for (const f of fields) {
    const name = f.name?.trim();
    if (!name) continue;
    if (seen.has(name)) {
      throw new SettingsError(
        `${what} declares field "${name}" twice`,
        f.at,
        'Remove the duplicate field element.',
      );
    }
    seen.set(name, f.at);
  }
}

function baseField(raw: RawField, what: string, cls: PojoRef): FieldMapping & { raw: RawField } {
  const name = requireName(
    raw.name,
    `a field of ${what}: name`,
    raw.at,
    'Add name="<property>" to the field element.',
  );
  if (cls.description && !cls.description.has(name)) {
    throw new SettingsError(
      `class ${cls.name} has no property "${name}"`,
      raw.at,
      `Use one of: ${cls.description.members.map((m) => m.name).join(', ') || '(none)'}; names are case-sensitive.`,
    );
  }
  const member = cls.description?.member(name);
  const column = requireName(
    raw.column ?? member?.field.column ?? name.toLowerCase(),
    `column of field "${name}"`,
    raw.at,
    'Give the column a name.',
  );
  const { type, serialized } = fieldType(raw, name, cls, raw.at);
  return {
    name,
    column,
    type,
    serialized,
    calculated: cls.description?.isReadOnly(name) ?? false,
    at: raw.at,
    raw,
  };
}

function keyField(raw: RawField, what: string, cls: PojoRef, clustering: boolean): KeyFieldMapping {
  const { raw: r, ...f } = baseField(raw, what, cls);
  if (f.calculated) {
    throw new SettingsError(
      `key field "${f.name}" of ${cls.name} is read-only`,
      raw.at,
      'Key fields are needed to rebuild keys from rows: give the property a setter or make it a plain field.',
    );
  }
  const sort = r.sort?.trim().toLowerCase();
  if (sort !== undefined && sort !== 'asc' && sort !== 'desc') {
    throw new SettingsError(
      `sort of key field "${f.name}" must be asc or desc, got "${r.sort ?? ''}"`,
      raw.at,
      'Write sort="asc" or sort="desc".',
    );
  }
  return { ...f, ...(clustering && sort ? { sort } : {}) };
}

function indexOf(r: RawField, loc: SettingsLocation): IndexSpec | undefined {
  const idx = r.index;
  const isSai = typeof idx === 'string' && idx.trim().toLowerCase() === 'sai';
  if (
    !isSai &&
    !parseBool(
      typeof idx === 'string' && idx.trim().toLowerCase() === 'classic' ? true : idx,
      'index',
      loc,
    )
  ) {
    if (r.indexClass)
      throw new SettingsError(
        'indexClass is set but index is not',
        loc,
        'Add index="true" to the field element.',
      );
    return undefined;
  }
  if (isSai) return { kind: 'sai' };
  const cls = r.indexClass?.trim();
  if (!cls) return { kind: 'classic' };
  if (
    /^(sai|storageattachedindex|org\.apache\.cassandra\.index\.sai\.StorageAttachedIndex)$/i.test(
      cls,
    )
  )
    return { kind: 'sai' };
  const options = r.indexOptions === undefined ? undefined : normalizeIndexOptions(r.indexOptions);
  return { kind: 'custom', indexClass: cls, ...(options ? { options } : {}) };
}

/** The original's normalisation: `options = {…}` after WITH. */
function normalizeIndexOptions(text: string): string | undefined {
  const t = normalizeOptions(text);
  if (!t) return undefined;
  return /^options\b/i.test(t) ? t : `options = ${t}`;
}

function valueField(raw: RawField, what: string, cls: PojoRef): ValueFieldMapping {
  const { raw: r, ...f } = baseField(raw, what, cls);
  if (r.sort !== undefined)
    throw new SettingsError(
      `value field "${f.name}" has a sort order`,
      raw.at,
      'sort applies to clustering key fields only; remove it.',
    );
  const index = indexOf(r, raw.at);
  return { ...f, static: parseBool(r.static, 'static', raw.at), ...(index ? { index } : {}) };
}

/** Two fields on one column must agree on the type (the original's alias rule). */
function checkAliases(fields: readonly FieldMapping[], also: readonly FieldMapping[] = []): void {
  const byColumn = new Map<string, FieldMapping>();
  for (const f of [...also, ...fields]) {
    const other = byColumn.get(f.column);
    if (other && !sameCqlType(other.type, f.type)) {
      throw new SettingsError(
        `fields "${other.name}" (${formatCqlType(other.type)}) and "${f.name}" (${formatCqlType(f.type)}) share column "${f.column}" with different types`,
        f.at ?? {},
        'Fields on one column (aliases) must map to the same CQL type: change one column name or one type.',
      );
    }
    if (!other) byColumn.set(f.column, f);
  }
}

function withoutColumnOrPojoAttributes(
  raw: RawPersistence,
  strategy: Strategy,
  what: string,
): void {
  if (strategy !== 'POJO') {
    if (raw.partitionKey || raw.clusterKey || raw.fields?.length) {
      throw new SettingsError(
        `${what} with strategy ${strategy} has field elements`,
        raw.at,
        'Field elements, partitionKey and clusterKey apply to strategy POJO only; remove them or use POJO.',
      );
    }
  } else if (raw.column !== undefined) {
    throw new SettingsError(
      `${what} with strategy POJO has a column attribute`,
      raw.at,
      'POJO columns come from the fields; remove column="…" (it applies to PRIMITIVE and BLOB).',
    );
  }
  if (strategy === 'PRIMITIVE' && raw.serializer !== undefined) {
    throw new SettingsError(
      `${what} with strategy PRIMITIVE has a serializer`,
      raw.at,
      'A serializer applies to BLOB and POJO only; remove it.',
    );
  }
}

type SimplePersistence = Extract<KeyPersistence, { strategy: 'PRIMITIVE' | 'BLOB' }>;

function simplePersistence(
  raw: RawPersistence,
  strategy: 'PRIMITIVE' | 'BLOB',
  what: string,
  defaultColumn: string,
  ctx: BuildContext,
): SimplePersistence {
  const column = requireName(
    raw.column ?? defaultColumn,
    `${what} column`,
    raw.at,
    'Give the column a name.',
  );
  const javaClass = raw.className?.trim();
  if (strategy === 'BLOB') {
    const cls = raw.pojoClass ?? (javaClass ? ctx.classes?.[javaClass] : undefined);
    return {
      strategy,
      column,
      serializer: resolveSerializer(raw.serializer, raw.at, ctx),
      ...(javaClass ? { javaClass } : {}),
      ...(cls
        ? {
            pojo: {
              className: javaClass ?? cls.name,
              create: () => new cls() as Record<string, unknown>,
            },
          }
        : {}),
    };
  }
  if (raw.type !== undefined) {
    return {
      strategy,
      column,
      type: cqlTypeOfJavaClass(raw.type) ?? parseType(raw.type, raw.at),
      ...(javaClass ? { javaClass } : {}),
    };
  }
  if (!javaClass) {
    throw new SettingsError(
      `${what} with strategy PRIMITIVE has no class`,
      raw.at,
      'Add class="java.lang.Long" (or another simple class), or type="bigint".',
    );
  }
  const type = cqlTypeOfJavaClass(javaClass);
  if (!type) {
    throw new SettingsError(
      `class ${javaClass} cannot be stored with strategy PRIMITIVE: it has no CQL type`,
      raw.at,
      `Use one of ${PRIMITIVE_JAVA_CLASSES.join(', ')}, give type="<cql type>", or use strategy BLOB or POJO.`,
    );
  }
  return { strategy, column, type, javaClass };
}

function keyPersistence(raw: RawPersistence, ctx: BuildContext): KeyPersistence {
  const what = 'keyPersistence';
  const strategy = parseStrategy(raw, what);
  withoutColumnOrPojoAttributes(raw, strategy, what);
  if (strategy !== 'POJO') return simplePersistence(raw, strategy, what, 'key', ctx);
  const cls = resolveClass(raw, what, ctx);
  if (raw.clusterKey && !raw.partitionKey) {
    throw new SettingsError(
      'clusterKey is given without partitionKey',
      raw.clusterKeyAt ?? raw.at,
      'Declare the partition key fields in <partitionKey> too.',
    );
  }
  let partitionKey: KeyFieldMapping[];
  let clusterKey: KeyFieldMapping[];
  if (raw.partitionKey) {
    checkNames([...raw.partitionKey, ...(raw.clusterKey ?? [])], what);
    partitionKey = raw.partitionKey.map((f) => keyField(f, what, cls, false));
    clusterKey = (raw.clusterKey ?? []).map((f) => keyField(f, what, cls, true));
  } else {
    const members = cls.description?.members.filter((m) => !m.readOnly) ?? [];
    if (members.length === 0) {
      throw new SettingsError(
        `the key fields of ${cls.name} cannot be found`,
        raw.at,
        cls.description
          ? `Class ${cls.name} has no writable properties: declare fields with defaults, or list them in <partitionKey>.`
          : `List them in <partitionKey> with types, or register a TypeScript class for ${cls.name}.`,
      );
    }
    // As the original: affinity fields form the partition key and the rest cluster; otherwise all partition.
    const affinity = members.filter((m) => m.affinity);
    const partition = affinity.length ? affinity : members;
    partitionKey = partition.map((m) => keyField(m.field, what, cls, false));
    clusterKey = affinity.length
      ? members.filter((m) => !m.affinity).map((m) => keyField(m.field, what, cls, true))
      : [];
  }
  if (partitionKey.length === 0)
    throw new SettingsError(
      'the partition key has no fields',
      raw.partitionKeyAt ?? raw.at,
      'Declare at least one field in <partitionKey>.',
    );
  checkAliases([...partitionKey, ...clusterKey]);
  return {
    strategy,
    pojo: factoryOf(cls.name, cls.description),
    partitionKey,
    clusterKey,
    serializer: resolveSerializer(raw.serializer, raw.at, ctx),
  };
}

function keyColumns(key: KeyPersistence): FieldMapping[] {
  if (key.strategy === 'POJO') return [...key.partitionKey, ...key.clusterKey];
  const type = key.strategy === 'BLOB' ? BLOB : key.type;
  return [
    {
      name: '(key)',
      column: key.column,
      type,
      serialized: key.strategy === 'BLOB',
      calculated: false,
    },
  ];
}

function valuePersistence(
  raw: RawPersistence,
  key: KeyPersistence,
  ctx: BuildContext,
): ValuePersistence {
  const what = 'valuePersistence';
  const strategy = parseStrategy(raw, what);
  withoutColumnOrPojoAttributes(raw, strategy, what);
  if (strategy !== 'POJO') {
    const value = simplePersistence(raw, strategy, what, 'value', ctx);
    if (keyColumns(key).some((k) => k.column === value.column)) {
      throw new SettingsError(
        `the value column "${value.column}" is also a key column`,
        raw.at,
        'Give the value its own column name.',
      );
    }
    return value;
  }
  const cls = resolveClass(raw, what, ctx);
  let fields: ValueFieldMapping[];
  if (raw.fields?.length) {
    checkNames(raw.fields, what);
    fields = raw.fields.map((f) => valueField(f, what, cls));
  } else {
    const members = cls.description?.members ?? [];
    if (members.length === 0) {
      throw new SettingsError(
        `the value fields of ${cls.name} cannot be found`,
        raw.at,
        cls.description
          ? `Class ${cls.name} has no properties: declare fields with defaults.`
          : `List them as <field> elements with types, or register a TypeScript class for ${cls.name}.`,
      );
    }
    fields = members.map((m) => valueField(m.field, what, cls));
  }
  checkAliases(fields, keyColumns(key));
  const hasClustering = key.strategy === 'POJO' && key.clusterKey.length > 0;
  const staticField = fields.find((f) => f.static);
  if (staticField && !hasClustering) {
    throw new SettingsError(
      `field "${staticField.name}" is static, but the table has no clustering columns`,
      staticField.at ?? raw.at,
      'Cassandra allows static columns only in tables with clustering columns: add a <clusterKey>, or remove static="true".',
    );
  }
  return {
    strategy,
    pojo: factoryOf(cls.name, cls.description),
    fields,
    serializer: resolveSerializer(raw.serializer, raw.at, ctx),
  };
}

const built = new WeakSet<object>();

/** Whether a value is a settings model this module built (rather than, say, an input object). */
export function isPersistenceSettings(value: unknown): value is PersistenceSettings {
  return typeof value === 'object' && value !== null && built.has(value);
}

/**
 * Applies every validation rule of the original descriptor (§4.3 of the reference) plus the checks
 * Cassandra would otherwise fail on later, and returns the one settings model the store uses.
 *
 * @throws SettingsError naming the file, line, element or field, and the fix
 */
export function buildSettings(raw: RawSettings, ctx: BuildContext = {}): PersistenceSettings {
  const keyspace = requireName(
    raw.keyspace,
    'keyspace',
    at(raw.at, 'persistence'),
    'Add keyspace="<name>" to <persistence>.',
  );
  const tableName = raw.table?.trim() || undefined;
  const table = tableName && checkSchemaName(tableName, 'table', at(raw.at, 'persistence'));
  let ttlSeconds: number | undefined;
  if (raw.ttl !== undefined && String(raw.ttl).trim() !== '') {
    const text = String(raw.ttl).trim();
    ttlSeconds = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(ttlSeconds)) {
      throw new SettingsError(
        `ttl must be a whole number of seconds, got "${text}"`,
        at(raw.at, 'persistence/@ttl'),
        'Write ttl="86400" (seconds), or remove it.',
      );
    }
  }
  if (!raw.key)
    throw new SettingsError(
      'keyPersistence is missing',
      raw.at,
      'Add a <keyPersistence …/> element.',
    );
  if (!raw.value)
    throw new SettingsError(
      'valuePersistence is missing',
      raw.at,
      'Add a <valuePersistence …/> element.',
    );
  const key = keyPersistence(raw.key, ctx);
  const value = valuePersistence(raw.value, key, ctx);
  const tableOptions =
    raw.tableOptions === undefined ? undefined : normalizeOptions(raw.tableOptions) || undefined;
  const settings: PersistenceSettings = {
    keyspace,
    ...(table ? { table } : {}),
    ...(ttlSeconds ? { ttlSeconds } : {}),
    keyspaceOptions:
      raw.keyspaceOptions === undefined
        ? DEFAULT_KEYSPACE_OPTIONS
        : normalizeOptions(raw.keyspaceOptions) || DEFAULT_KEYSPACE_OPTIONS,
    ...(tableOptions ? { tableOptions } : {}),
    key,
    value,
    ...(raw.at.file ? { source: raw.at.file } : {}),
  };
  built.add(settings);
  return settings;
}
