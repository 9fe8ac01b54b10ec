import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { $ } from 'zx';

import { TestbedError } from '../../common/errors';
import { javaPojoSources } from '../../ignite/original/java-pojos';
import { DataSource, generateDdl, type PersistenceSettings } from '../../store';
import type { Variables } from '../environment';
import type { Jdk } from '../java';
import { resolveClasspath, type Classpath } from '../maven';
import { cacheDir, projectRoot } from '../paths';

/** The pinned pom of the original Java store (ignite-cassandra-store 2.9.1 and its driver). */
export const ORIGINAL_STORE_POM = path.join(projectRoot, 'ignite', 'original', 'pom.xml');
export const ORIGINAL_STORE_VERSION = '2.9.1';

/** The jars of the original store (without Ignite itself, which the nodes have). */
export function resolveOriginalStore(options: {
  jdk: Jdk;
  log?: (line: string) => void;
  env: Variables;
}): Promise<Classpath> {
  return resolveClasspath({
    pom: ORIGINAL_STORE_POM,
    name: `ignite-cassandra-store-${ORIGINAL_STORE_VERSION}`,
    jdk: options.jdk,
    ...(options.log ? { log: options.log } : {}),
    env: options.env,
  });
}

/** Generated POJO classes: a classpath entry and the class names to register with Ignite. */
export interface OriginalPojos {
  readonly classesDir: string;
  readonly classNames: readonly string[];
}

/**
 * Compiles generated Java bean classes for the POJO keys and values of the settings (see
 * `javaPojoSources`) into the cache, keyed by their sources; undefined when no cache has a POJO
 * side. The classes must also be registered with Ignite's binary marshaller: thin clients write
 * binary objects by type name and register no class mapping, so the server could not find the
 * class when the original store needs the object deserialized.
 */
export async function compileOriginalPojos(
  settings: readonly PersistenceSettings[],
  options: { jdk: Jdk; env: Variables },
): Promise<OriginalPojos | undefined> {
  const sources = javaPojoSources(settings);
  if (sources.length === 0) return undefined;
  const classNames = sources.map((s) => s.className);
  const hash = createHash('sha256');
  for (const s of sources) hash.update(s.file).update('\0').update(s.source).update('\0');
  const dir = path.join(cacheDir(options.env), 'original-pojos', hash.digest('hex').slice(0, 12));
  const classes = path.join(dir, 'classes');
  if (existsSync(classes)) return { classesDir: classes, classNames };
  const staging = `${dir}.${process.pid}.tmp`;
  await rm(staging, { recursive: true, force: true });
  const files: string[] = [];
  for (const s of sources) {
    const file = path.join(staging, 'src', s.file);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, s.source);
    files.push(file);
  }
  const javac = path.join(options.jdk.home, 'bin', 'javac');
  const result = await $({
    nothrow: true,
    quiet: true,
    timeout: 120_000,
  })`${javac} --release 17 -d ${path.join(staging, 'out', 'classes')} ${files}`;
  if (result.exitCode !== 0) {
    await rm(staging, { recursive: true, force: true });
    throw new TestbedError(`javac failed on the generated POJO classes:\n${result.stderr}`);
  }
  try {
    await rename(path.join(staging, 'out'), dir);
  } catch (error) {
    if (!existsSync(classes)) throw error;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return { classesDir: classes, classNames };
}

/**
 * Creates the keyspaces, tables and indexes of the caches before the original store runs: its
 * automatic creation recognizes missing tables by the error messages of Cassandra 3
 * ("Keyspace x does not exist", "unconfigured table"), which Cassandra 5 words differently
 * ("keyspace x does not exist", "table x does not exist"), so it would fail every write instead.
 * The DDL is the TypeScript store's, which follows the original's rules.
 */
export async function createOriginalSchema(
  caches: readonly { readonly name: string; readonly settings: PersistenceSettings }[],
  cassandra: { readonly contactPoints: readonly string[]; readonly localDataCenter?: string },
): Promise<void> {
  const ds = new DataSource({
    contactPoints: cassandra.contactPoints,
    ...(cassandra.localDataCenter ? { localDataCenter: cassandra.localDataCenter } : {}),
  });
  try {
    await ds.connect();
    for (const c of caches) {
      const ddl = generateDdl(c.settings, c.name.trim().toLowerCase());
      for (const statement of [ddl.createKeyspace, ddl.createTable, ...ddl.createIndexes]) {
        await ds.client.execute(statement);
      }
    }
  } finally {
    await ds.close();
  }
}
