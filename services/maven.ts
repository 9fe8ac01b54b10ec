import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { $ } from 'zx';

import { TestbedError } from '../common/errors';
import { cacheDir } from './paths';
import type { Variables } from './environment';
import type { Jdk } from './java';

/** A set of jars resolved from Maven Central into the cache. */
export interface Classpath {
  /** Directory holding every jar. */
  readonly libDir: string;
  /** The jars, absolute paths, sorted. */
  readonly jars: readonly string[];
}

/** Options of {@link resolveClasspath}. */
export interface ResolveOptions {
  /** The pinned pom listing the dependencies. */
  readonly pom: string;
  /** Short name of the cache entry (`cassandra-5.0.9`). */
  readonly name: string;
  readonly jdk: Jdk;
  /** Progress lines go here. @default - stderr */
  readonly log?: (line: string) => void;
  /** @default 15 minutes */
  readonly timeoutMs?: number;
  /** Where Maven is looked up and what it runs with; also picks the cache directory. */
  readonly env: Variables;
}

/** Raised when Maven cannot resolve a pinned pom. */
export class MavenError extends TestbedError {}

const COMPLETE_MARKER = '.complete';

async function listJars(libDir: string): Promise<string[]> {
  return (await readdir(libDir))
    .filter((f) => f.endsWith('.jar'))
    .sort()
    .map((f) => path.join(libDir, f));
}

/** The cache directory a pom resolves into: its name plus a hash of the pom's content. */
export async function classpathDir(
  options: Pick<ResolveOptions, 'pom' | 'name' | 'env'>,
): Promise<string> {
  const hash = createHash('sha256')
    .update(await readFile(options.pom))
    .digest('hex')
    .slice(0, 12);
  return path.join(cacheDir(options.env), 'maven', `${options.name}-${hash}`, 'lib');
}

/** Whether {@link resolveClasspath} would work offline. */
export async function isResolved(
  options: Pick<ResolveOptions, 'pom' | 'name' | 'env'>,
): Promise<boolean> {
  return existsSync(path.join(await classpathDir(options), COMPLETE_MARKER));
}

/**
 * Returns the jars of a pinned pom, running Maven (`dependency:copy-dependencies`) only the first
 * time: the result is kept in the cache directory keyed by the pom's content, so later runs start
 * offline and a changed pom resolves afresh. Safe against concurrent callers: each resolves into a
 * private directory and the first to finish publishes it.
 */
export async function resolveClasspath(options: ResolveOptions): Promise<Classpath> {
  const libDir = await classpathDir(options);
  if (existsSync(path.join(libDir, COMPLETE_MARKER))) {
    return { libDir, jars: await listJars(libDir) };
  }
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const mvn = findMaven(options.env);
  const staging = `${libDir}.${process.pid}.tmp`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(path.dirname(libDir), { recursive: true });
  log(`Resolving ${options.name} from Maven Central into ${libDir} (first run only)…`);
  const started = Date.now();
  const result = await $({
    nothrow: true,
    quiet: true,
    timeout: options.timeoutMs ?? 15 * 60_000,
    env: { ...options.env, JAVA_HOME: options.jdk.home },
  })`${mvn} -B -q -f ${options.pom} dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=${staging}`;
  if (result.exitCode !== 0) {
    await rm(staging, { recursive: true, force: true });
    const output = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-25).join('\n');
    throw new MavenError(
      `Maven could not resolve ${options.pom} (exit code ${String(result.exitCode)}):\n${output}`,
      {
        hint: 'Maven Central must be reachable on the first run (later runs use the cache). Check the proxy settings in ~/.m2/settings.xml.',
      },
    );
  }
  await writeFile(path.join(staging, COMPLETE_MARKER), new Date().toISOString());
  try {
    await rename(staging, libDir);
  } catch (error) {
    // Another process published the same classpath first; its copy is as good as ours.
    await rm(staging, { recursive: true, force: true });
    if (!existsSync(path.join(libDir, COMPLETE_MARKER))) throw error;
  }
  log(`Resolved ${options.name} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return { libDir, jars: await listJars(libDir) };
}

/** Finds `mvn` on PATH or under MAVEN_HOME / M2_HOME. */
export function findMaven(env: Variables): string {
  const candidates = [env.MAVEN_HOME, env.M2_HOME]
    .filter((home): home is string => Boolean(home))
    .map((home) => path.join(home, 'bin', 'mvn'));
  for (const dir of (env.PATH ?? '').split(path.delimiter))
    if (dir) candidates.push(path.join(dir, 'mvn'));
  const mvn = candidates.find((c) => existsSync(c));
  if (!mvn) {
    throw new MavenError('Maven 3 (mvn) was not found on PATH or under MAVEN_HOME.', {
      hint: 'Install it, e.g. on Debian/Ubuntu: sudo apt-get install -y maven',
    });
  }
  return mvn;
}
