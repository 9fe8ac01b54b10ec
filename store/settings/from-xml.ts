import { readFile } from 'node:fs/promises';

import { SettingsError, type SettingsLocation } from '../errors';
import { buildSettings, type BuildContext } from './build';
import type { PersistenceSettings } from './model';
import type { RawField, RawPersistence, RawSettings } from './raw';
import { parseXml, type XmlElement } from './xml';

/** Options of {@link parsePersistenceXml} and {@link loadPersistenceXml}. */
export type XmlSettingsOptions = BuildContext;

const KNOWN_ATTRIBUTES: Record<string, readonly string[]> = {
  persistence: ['keyspace', 'table', 'ttl'],
  keyPersistence: ['class', 'strategy', 'serializer', 'column', 'type'],
  valuePersistence: ['class', 'strategy', 'serializer', 'column', 'type'],
  keyField: ['name', 'column', 'sort', 'type'],
  valueField: ['name', 'column', 'static', 'index', 'indexClass', 'indexOptions', 'type'],
};

function location(el: XmlElement, file: string | undefined, path: string): SettingsLocation {
  return { ...(file ? { file } : {}), line: el.line, column: el.column, path };
}

function attr(el: XmlElement, name: string): string | undefined {
  return el.attributes.get(name);
}

function checkAttributes(
  el: XmlElement,
  kind: string,
  loc: SettingsLocation,
  ctx: BuildContext,
): void {
  const known = KNOWN_ATTRIBUTES[kind] ?? [];
  for (const name of el.attributes.keys()) {
    if (!known.includes(name) && !name.startsWith('xmlns')) {
      ctx.warn?.(
        `${loc.file ?? ''}:${loc.line ?? '?'}: unknown attribute ${name} on <${el.name}> is ignored (known: ${known.join(', ')})`,
      );
    }
  }
}

function fieldsOf(
  container: XmlElement,
  kind: 'keyField' | 'valueField',
  file: string | undefined,
  parentPath: string,
  ctx: BuildContext,
  deep: boolean,
): RawField[] {
  const found: RawField[] = [];
  const visit = (el: XmlElement): void => {
    for (const child of el.children) {
      if (child.name === 'field') {
        const name = attr(child, 'name');
        const loc = location(child, file, `${parentPath}/field${name ? `[name=${name}]` : ''}`);
        checkAttributes(child, kind, loc, ctx);
        const f: Record<string, unknown> = { at: loc };
        for (const key of [
          'name',
          'column',
          'sort',
          'type',
          'static',
          'index',
          'indexClass',
          'indexOptions',
        ]) {
          const v = attr(child, key);
          if (v !== undefined) f[key] = v;
        }
        found.push(f as unknown as RawField);
      } else if (deep) {
        visit(child);
      }
    }
  };
  visit(container);
  return found;
}

function persistenceOf(
  el: XmlElement,
  file: string | undefined,
  ctx: BuildContext,
): RawPersistence {
  const loc = location(el, file, el.name);
  checkAttributes(el, el.name, loc, ctx);
  const raw: Record<string, unknown> = { at: loc };
  const map: Record<string, string> = {
    class: 'className',
    strategy: 'strategy',
    serializer: 'serializer',
    column: 'column',
    type: 'type',
  };
  for (const [xmlName, key] of Object.entries(map)) {
    const v = attr(el, xmlName);
    if (v !== undefined) raw[key] = v;
  }
  if (el.name === 'keyPersistence') {
    for (const child of el.children) {
      if (child.name === 'partitionKey' || child.name === 'clusterKey') {
        raw[child.name] = fieldsOf(
          child,
          'keyField',
          file,
          `keyPersistence/${child.name}`,
          ctx,
          false,
        );
        raw[`${child.name}At`] = location(child, file, `keyPersistence/${child.name}`);
      } else if (child.name === 'field') {
        throw new SettingsError(
          'a <field> directly under <keyPersistence>',
          location(child, file, 'keyPersistence/field'),
          'Put key fields inside <partitionKey> (and <clusterKey> for clustering columns).',
        );
      }
    }
  } else {
    // As the original: any descendant <field> of valuePersistence is a value field.
    raw.fields = fieldsOf(el, 'valueField', file, 'valuePersistence', ctx, true);
  }
  return raw as unknown as RawPersistence;
}

/** Reads a descriptor's XML into the raw form (no validation yet). */
export function rawSettingsFromXml(
  xml: string,
  file: string | undefined,
  ctx: BuildContext = {},
): RawSettings {
  const root = parseXml(xml, file);
  const rootLoc = location(root, file, root.name);
  if (root.name !== 'persistence') {
    throw new SettingsError(
      `the root element is <${root.name}>`,
      rootLoc,
      'A persistence descriptor starts with <persistence keyspace="…">.',
    );
  }
  checkAttributes(root, 'persistence', rootLoc, ctx);
  const one = (name: string): XmlElement | undefined => {
    const all = root.children.filter((c) => c.name === name);
    if (all.length > 1 && all[1]) {
      throw new SettingsError(
        `<${name}> appears more than once`,
        location(all[1], file, name),
        `Keep one <${name}> element.`,
      );
    }
    return all[0];
  };
  const key = one('keyPersistence');
  const value = one('valuePersistence');
  const raw: Record<string, unknown> = { at: rootLoc };
  for (const name of ['keyspace', 'table', 'ttl']) {
    const v = attr(root, name);
    if (v !== undefined) raw[name] = v;
  }
  const ks = one('keyspaceOptions');
  const tbl = one('tableOptions');
  if (ks) raw.keyspaceOptions = ks.text;
  if (tbl) raw.tableOptions = tbl.text;
  if (key) raw.key = persistenceOf(key, file, ctx);
  if (value) raw.value = persistenceOf(value, file, ctx);
  for (const child of root.children) {
    if (
      !['keyspaceOptions', 'tableOptions', 'keyPersistence', 'valuePersistence'].includes(
        child.name,
      )
    ) {
      ctx.warn?.(`${file ?? ''}:${child.line}: unknown element <${child.name}> is ignored`);
    }
  }
  return raw as unknown as RawSettings;
}

/**
 * Parses a persistence descriptor in the original module's XML format.
 *
 * @param file names the descriptor in error messages
 * @throws SettingsError naming the file, line and element
 */
export function parsePersistenceXml(
  xml: string,
  options: XmlSettingsOptions & { file?: string } = {},
): PersistenceSettings {
  return buildSettings(rawSettingsFromXml(xml, options.file, options), options);
}

/** Reads and parses a descriptor file. */
export async function loadPersistenceXml(
  file: string,
  options: XmlSettingsOptions = {},
): Promise<PersistenceSettings> {
  let xml: string;
  try {
    xml = await readFile(file, 'utf8');
  } catch (error) {
    throw new SettingsError(
      `cannot read the descriptor: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      { file },
      'Check the path.',
    );
  }
  return parsePersistenceXml(xml, { ...options, file });
}
