import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { errorMessage, TestbedError, UsageError } from '../../common/errors';
import { checkSchema, type SchemaDifference } from '../../store/ddl/check';
import { generateDdl, type TableDdl } from '../../store/ddl/generate';
import { DataSource, type DataSourceOptions } from '../../store/data-source';
import { isPersistenceSettings } from '../../store/settings/build';
import {
  persistenceSettings,
  type PersistenceSettingsInput,
} from '../../store/settings/from-object';
import { loadPersistenceXml } from '../../store/settings/from-xml';
import type { PersistenceSettings } from '../../store/settings/model';
import type { PojoClass } from '../../store/settings/pojo-class';
import { fail, ok, out, progress, warn } from '../cli-output';
import { cliHint } from '../error-exit';

/** Options of `testbed ddl`. */
export interface DdlOptions {
  readonly format: 'cql' | 'json';
  /** Write one `.cql` file per table here. */
  readonly out?: string;
  /** Table name for descriptors that name none (the original generator used `my_table`). */
  readonly table: string;
  /** A module exporting a class registry for XML descriptors: `{ 'com.acme.Person': Person }`. */
  readonly classes?: string;
  readonly apply?: boolean;
  readonly check?: boolean;
  readonly contactPoints: string;
  readonly localDc: string;
  readonly username?: string;
  /** Name of the environment variable holding the password (never a command-line argument). */
  readonly passwordEnv: string;
  readonly tls?: boolean;
  readonly tlsCa?: string;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  readonly timeoutSeconds: number;
}

/** One table found in an input file. */
interface TableEntry {
  readonly file: string;
  /** The export it came from, for TypeScript modules. */
  readonly exportName?: string;
  readonly settings: PersistenceSettings;
  readonly ddl: TableDdl;
}

interface FileFailure {
  readonly file: string;
  readonly message: string;
  readonly hint?: string;
}

const RULE = '-'.repeat(61);

function looksLikeSettingsInput(value: unknown): value is PersistenceSettingsInput {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.keyspace === 'string' && typeof v.key === 'object' && typeof v.value === 'object';
}

function loadModule(file: string): Record<string, unknown> {
  // Loading the user's module at run time: under the testbed CLI tsx's CommonJS hook compiles .ts.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.resolve(file)) as Record<string, unknown>;
}

function loadClasses(module: string | undefined): Record<string, PojoClass> | undefined {
  if (!module) return undefined;
  let exports: Record<string, unknown>;
  try {
    exports = loadModule(module);
  } catch (error) {
    throw new UsageError(`--classes ${module}: cannot load the module: ${errorMessage(error)}`);
  }
  const registry = (exports.classes ?? exports.default ?? exports) as Record<string, unknown>;
  const classes: Record<string, PojoClass> = {};
  for (const [name, value] of Object.entries(registry))
    if (typeof value === 'function') classes[name] = value as PojoClass;
  if (Object.keys(classes).length === 0) {
    throw new UsageError(`--classes ${module}: the module exports no classes`, {
      hint: "Export a registry, e.g. export const classes = { 'com.acme.Person': Person }.",
    });
  }
  return classes;
}

/** The tables of one input: an XML descriptor, or every settings export of a TypeScript/JavaScript module. */
async function tablesOf(
  file: string,
  options: DdlOptions,
  classes: Record<string, PojoClass> | undefined,
): Promise<TableEntry[]> {
  const table = (settings: PersistenceSettings, exportName?: string): TableEntry => ({
    file,
    ...(exportName ? { exportName } : {}),
    settings,
    ddl: generateDdl(settings, options.table),
  });
  if (!existsSync(file)) {
    throw new UsageError(`${file}: no such file`, {
      hint: 'Check the path (relative paths start at the current directory).',
    });
  }
  if (statSync(file).isDirectory()) {
    throw new UsageError(`${file}: is a directory, not a descriptor or a settings module`, {
      hint: `Name the files, e.g. ${path.join(file, '*.xml')}.`,
    });
  }
  if (/\.xml$/i.test(file)) {
    const settings = await loadPersistenceXml(file, {
      ...(classes ? { classes } : {}),
      registrationHint: (name) =>
        `--classes <module> exporting { classes: { '${name}': YourClass } }`,
      warn: (message) => {
        progress(warn(message));
      },
    });
    return [table(settings)];
  }
  if (!/\.(ts|js|cjs|mts|mjs)$/i.test(file)) {
    throw new TestbedError(`${file}: not a descriptor (.xml) or a settings module (.ts/.js)`);
  }
  const exports = loadModule(file);
  const entries: TableEntry[] = [];
  for (const [name, value] of Object.entries(exports)) {
    if (isPersistenceSettings(value)) entries.push(table(value, name));
    else if (looksLikeSettingsInput(value))
      entries.push(table(persistenceSettings(value, classes ? { classes } : {}), name));
  }
  if (entries.length === 0) {
    throw new TestbedError(`${file}: the module exports no persistence settings`, {
      hint: 'Export persistenceSettings({ keyspace, key, value }) or a settings object, e.g. export const people = persistenceSettings({…}).',
    });
  }
  return entries;
}

function header(entry: TableEntry): string {
  return `${RULE}\nDDL for keyspace/table from file: ${entry.file}${entry.exportName ? ` (export ${entry.exportName})` : ''}\n${RULE}`;
}

function statements(ddl: TableDdl): string[] {
  return [ddl.createKeyspace, ddl.createTable, ...ddl.createIndexes];
}

function dataSourceOptions(options: DdlOptions): DataSourceOptions {
  const password = process.env[options.passwordEnv];
  if (options.username && password === undefined) {
    throw new UsageError(`--username is set but ${options.passwordEnv} is not`, {
      hint: `Put the password in the environment variable ${options.passwordEnv} (it is never taken on the command line).`,
    });
  }
  const tls = options.tls || options.tlsCa || options.tlsCert || options.tlsKey;
  return {
    contactPoints: options.contactPoints
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
    localDataCenter: options.localDc,
    schemaAgreementTimeoutSeconds: options.timeoutSeconds,
    ...(options.username
      ? { credentials: { username: options.username, password: password ?? '' } }
      : {}),
    ...(tls
      ? {
          tls: {
            ...(options.tlsCa ? { caFile: options.tlsCa } : {}),
            ...(options.tlsCert ? { certFile: options.tlsCert } : {}),
            ...(options.tlsKey ? { keyFile: options.tlsKey } : {}),
          },
        }
      : {}),
  };
}

/**
 * `testbed ddl <file...>`: prints the keyspace, table and index DDL the store would run for each
 * descriptor or settings module, keeps going past bad files, and fails at the end if any failed.
 * `--apply` runs it (idempotent) and waits for schema agreement; `--check` compares live tables.
 */
export async function ddl(files: readonly string[], options: DdlOptions): Promise<number> {
  if (!/^\w{1,48}$/.test(options.table)) {
    throw new UsageError(
      `--table "${options.table}": a table name has 1 to 48 letters, digits or underscores`,
    );
  }
  const classes = loadClasses(options.classes);
  const tables: TableEntry[] = [];
  const failures: FileFailure[] = [];
  for (const file of files) {
    try {
      tables.push(...(await tablesOf(file, options, classes)));
    } catch (error) {
      const hint = cliHint(error);
      failures.push({ file, message: errorMessage(error), ...(hint ? { hint } : {}) });
    }
  }

  if (options.format === 'json') {
    out(
      JSON.stringify(
        [
          ...tables.map((t) => ({
            file: t.file,
            ...(t.exportName ? { export: t.exportName } : {}),
            keyspace: t.ddl.keyspace,
            table: t.ddl.table,
            statements: statements(t.ddl),
          })),
          ...failures.map((f) => ({
            file: f.file,
            error: f.message,
            ...(f.hint ? { hint: f.hint } : {}),
          })),
        ],
        null,
        2,
      ),
    );
  } else if (!options.check) {
    // With --check the comparison is the output; the DDL itself is one `testbed ddl` away.
    for (const t of tables) out(`${header(t)}\n\n${statements(t.ddl).join('\n\n')}\n`);
  }
  if (options.out) {
    mkdirSync(options.out, { recursive: true });
    for (const t of tables) {
      const target = path.join(options.out, `${t.ddl.keyspace}.${t.ddl.table}.cql`);
      writeFileSync(target, `${statements(t.ddl).join('\n\n')}\n`);
      progress(`wrote ${target}`);
    }
  }
  for (const f of failures) {
    process.stderr.write(
      `${RULE}\nInvalid file specified: ${f.file}\n${RULE}\n${fail(f.message)}\n${f.hint ? `  fix: ${f.hint}\n` : ''}`,
    );
  }

  let problems = failures.length;
  if ((options.apply || options.check) && tables.length > 0) {
    const ds = new DataSource(dataSourceOptions(options));
    try {
      await ds.connect();
      if (options.apply) {
        // A statement the server refuses fails its table only: the other files are still applied.
        for (const t of tables) {
          try {
            for (const statement of statements(t.ddl)) await ds.runDdl(statement, undefined);
          } catch (error) {
            problems++;
            const hint = cliHint(error);
            process.stderr.write(
              `${fail(`${t.file}${t.exportName ? ` (${t.exportName})` : ''}: ${errorMessage(error)}`)}\n${hint ? `  fix: ${hint}\n` : ''}`,
            );
            continue;
          }
          progress(
            ok(
              `applied ${t.ddl.keyspace}.${t.ddl.table} (${statements(t.ddl).length} statements, schema agreed)`,
            ),
          );
        }
      }
      if (options.check) problems += await check(ds, tables);
    } finally {
      await ds.close();
    }
  }
  if (failures.length)
    process.stderr.write(`\n${failures.length} of ${files.length} file(s) failed.\n`);
  return problems > 0 ? 1 : 0;
}

async function check(ds: DataSource, tables: readonly TableEntry[]): Promise<number> {
  let differing = 0;
  for (const t of tables) {
    const diffs: SchemaDifference[] = await checkSchema(ds.client, t.settings, t.ddl.table);
    const name = `${t.ddl.keyspace}.${t.ddl.table}`;
    if (diffs.length === 0) {
      out(ok(`${name} matches ${t.file}${t.exportName ? ` (${t.exportName})` : ''}`));
      continue;
    }
    differing++;
    out(fail(`${name} differs from ${t.file}${t.exportName ? ` (${t.exportName})` : ''}:`));
    for (const d of diffs) out(`    ${d.kind}: ${d.message}`);
  }
  return differing;
}
