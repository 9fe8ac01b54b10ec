import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

import { TestbedError } from '../common/errors';
import type { Variables } from './environment';

/** The JDK major version Cassandra 5.0 and Ignite 2.x are run on. */
export const REQUIRED_JAVA_MAJOR = 17;

/** A JDK found on this machine. */
export interface Jdk {
  /** JAVA_HOME of the JDK. */
  readonly home: string;
  /** Path of its `bin/java`. */
  readonly java: string;
  /** Full version from the JDK's `release` file, e.g. `17.0.15`. */
  readonly version: string;
  readonly major: number;
  /** Where it was found: `TESTBED_JAVA_HOME`, `JAVA_HOME`, `PATH` or a directory searched. */
  readonly source: string;
}

/** Where {@link findJdk} looks, injectable for tests. */
export interface JdkSearch {
  /** Where `TESTBED_JAVA_HOME`, `JAVA_HOME`, `PATH` and `TESTBED_JDK_DIRS` are read. */
  readonly env: Variables;
  /**
   * Directories whose subdirectories are JDK homes.
   * @default - `TESTBED_JDK_DIRS` (colon-separated) if set, else the usual JVM locations of Linux and macOS
   */
  readonly searchDirs?: readonly string[];
}

/** Raised when no JDK 17 is installed; the message says what was found and how to install one. */
export class JdkNotFoundError extends TestbedError {
  constructor(readonly found: readonly Jdk[]) {
    const seen = found.length
      ? `Found only: ${found.map((j) => `JDK ${j.version} at ${j.home} (${j.source})`).join('; ')}.`
      : 'No JDK was found in JAVA_HOME, on PATH or in the usual JVM directories.';
    super(
      `JDK ${REQUIRED_JAVA_MAJOR} is required (Cassandra 5.0 runs on JDK 11 or 17 only; never JDK 24+). ${seen}`,
      {
        hint:
          'Install it, e.g. on Debian/Ubuntu: sudo apt-get install -y openjdk-17-jdk-headless ' +
          '(or Temurin 17 from https://adoptium.net). If it is installed somewhere unusual, point ' +
          'TESTBED_JAVA_HOME at it. Another default JDK may stay as it is.',
      },
    );
  }
}

const DEFAULT_SEARCH_DIRS = [
  '/usr/lib/jvm',
  '/usr/java',
  '/opt/java',
  '/opt',
  path.join(homedir(), '.sdkman', 'candidates', 'java'),
  path.join(homedir(), '.jdks'),
  '/Library/Java/JavaVirtualMachines',
];

/** Reads a JDK home's `release` file; undefined when `home` is not a JDK. */
export function inspectJdk(home: string, source: string): Jdk | undefined {
  const candidates = [home, path.join(home, 'Contents', 'Home')];
  for (const dir of candidates) {
    const releaseFile = path.join(dir, 'release');
    const java = path.join(dir, 'bin', 'java');
    if (!existsSync(releaseFile) || !existsSync(java)) continue;
    const match = /^JAVA_VERSION="([^"]+)"/m.exec(readFileSync(releaseFile, 'utf8'));
    if (!match?.[1]) continue;
    const version = match[1];
    // "1.8.0_392" is major 8; "17.0.15" is 17.
    const parts = version.split(/[._-]/);
    const major = Number(parts[0] === '1' ? parts[1] : parts[0]);
    return { home: realpathSync(dir), java, version, major, source };
  }
  return undefined;
}

function listSubdirs(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() || e.isSymbolicLink())
      .map((e) => path.join(dir, e.name))
      .sort();
  } catch {
    return []; // a search directory that does not exist holds no JDK
  }
}

function javaOnPath(env: Variables): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    const java = path.join(dir, 'java');
    if (dir && existsSync(java)) return path.dirname(path.dirname(realpathSync(java)));
  }
  return undefined;
}

/** Every JDK found, in order of preference: explicit settings first, then PATH, then the usual directories. */
export function listJdks(search: JdkSearch): Jdk[] {
  const env = search.env;
  const found: Jdk[] = [];
  const seen = new Set<string>();
  const add = (home: string | undefined, source: string): void => {
    if (!home) return;
    const jdk = inspectJdk(home, source);
    if (jdk && !seen.has(jdk.home)) {
      seen.add(jdk.home);
      found.push(jdk);
    }
  };
  add(env.TESTBED_JAVA_HOME, 'TESTBED_JAVA_HOME');
  add(env.JAVA_HOME, 'JAVA_HOME');
  add(javaOnPath(env), 'PATH');
  const dirs =
    search.searchDirs ??
    (env.TESTBED_JDK_DIRS ? env.TESTBED_JDK_DIRS.split(path.delimiter) : DEFAULT_SEARCH_DIRS);
  for (const dir of dirs) {
    for (const home of listSubdirs(dir)) add(home, dir);
  }
  return found;
}

/**
 * Finds a JDK 17 even when another JDK is the default: TESTBED_JAVA_HOME, then JAVA_HOME, then
 * `java` on PATH, then the usual JVM directories.
 *
 * @throws JdkNotFoundError naming what was found and what to install
 */
export function findJdk(search: JdkSearch): Jdk {
  const explicit = search.env.TESTBED_JAVA_HOME;
  if (explicit) {
    const jdk = inspectJdk(explicit, 'TESTBED_JAVA_HOME');
    if (jdk?.major !== REQUIRED_JAVA_MAJOR) {
      throw new TestbedError(
        `TESTBED_JAVA_HOME=${explicit} is ${jdk ? `JDK ${jdk.version}` : 'not a JDK home (no release file and bin/java)'}, not JDK ${REQUIRED_JAVA_MAJOR}.`,
        {
          hint: 'Point TESTBED_JAVA_HOME at a JDK 17 home, or unset it to search the usual places.',
        },
      );
    }
    return jdk;
  }
  const all = listJdks(search);
  const jdk = all.find((j) => j.major === REQUIRED_JAVA_MAJOR);
  if (!jdk) throw new JdkNotFoundError(all);
  return jdk;
}
