import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { $ } from 'zx';

import type { Variables } from '../environment';
import { findJdk, type Jdk } from '../java';
import { findMaven, MavenError } from '../maven';
import { cacheDir, projectRoot } from '../paths';

/** The Maven module of the Java bridge. */
export const BRIDGE_MODULE = path.join(projectRoot, 'ignite', 'bridge');

/** What a bridge build produces. */
export interface BridgeArtifacts {
  /** The bridge jar for the Ignite node classpath. */
  readonly jar: string;
  /** Compiled test sources (codec vectors), for tests. */
  readonly testClasses: string;
  /** The cache directory holding both. */
  readonly dir: string;
}

/** Options of {@link buildBridge}. */
export interface BuildBridgeOptions {
  /** @default - findJdk() */
  readonly jdk?: Jdk;
  /** Progress lines. @default - stderr */
  readonly log?: (line: string) => void;
  /** @default 10 minutes */
  readonly timeoutMs?: number;
  /** Where the JDK, Maven and the cache directory are found. */
  readonly env: Variables;
}

const COMPLETE_MARKER = '.complete';

async function sourceFiles(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'target') out.push(...(await sourceFiles(full, base)));
    } else {
      out.push(path.relative(base, full));
    }
  }
  return out.sort();
}

/** A hash of every source file of the module (names and contents): the cache key of a build. */
export async function bridgeSourceHash(module = BRIDGE_MODULE): Promise<string> {
  const hash = createHash('sha256');
  for (const file of await sourceFiles(module)) {
    hash
      .update(file)
      .update('\0')
      .update(await readFile(path.join(module, file)))
      .update('\0');
  }
  return hash.digest('hex').slice(0, 12);
}

/**
 * Builds the bridge with Maven (`mvn -B -q package`, JDK 17) into the user cache, keyed by a hash
 * of its sources: the first caller builds, later ones (tests, the harness, other checkouts with the
 * same sources) reuse the jar. The build runs in a private copy of the module, so the repository
 * gets no `target/` and concurrent builds do not collide; the first to finish publishes.
 *
 * @throws MavenError with the compiler's output when the build fails
 */
export async function buildBridge(options: BuildBridgeOptions): Promise<BridgeArtifacts> {
  const env = options.env;
  const dir = path.join(cacheDir(env), 'bridge', await bridgeSourceHash());
  const artifacts: BridgeArtifacts = {
    dir,
    jar: path.join(dir, 'ignite-store-bridge.jar'),
    testClasses: path.join(dir, 'test-classes'),
  };
  if (existsSync(path.join(dir, COMPLETE_MARKER))) return artifacts;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const jdk = options.jdk ?? findJdk({ env });
  const mvn = findMaven(env);
  const staging = `${dir}.${process.pid}.tmp`;
  const source = path.join(staging, 'module');
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  await cp(BRIDGE_MODULE, source, {
    recursive: true,
    filter: (src) => path.basename(src) !== 'target',
  });
  log(`Building the Ignite store bridge into ${dir} (first run only)…`);
  const started = Date.now();
  // -DskipTests compiles the test sources (codec vectors) without running a test framework.
  const result = await $({
    nothrow: true,
    quiet: true,
    timeout: options.timeoutMs ?? 10 * 60_000,
    env: { ...env, JAVA_HOME: jdk.home },
  })`${mvn} -B -q -f ${path.join(source, 'pom.xml')} package -DskipTests`;
  if (result.exitCode !== 0) {
    await rm(staging, { recursive: true, force: true });
    const output = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-30).join('\n');
    throw new MavenError(
      `Maven could not build the bridge ${BRIDGE_MODULE} (exit code ${String(result.exitCode)}):\n${output}`,
      {
        hint: 'Fix the Java sources above; the first build needs Maven Central for ignite-core and the build plugins.',
      },
    );
  }
  const out = path.join(staging, 'out');
  await mkdir(out);
  await rename(
    path.join(source, 'target', 'ignite-store-bridge.jar'),
    path.join(out, 'ignite-store-bridge.jar'),
  );
  await rename(path.join(source, 'target', 'test-classes'), path.join(out, 'test-classes'));
  await writeFile(path.join(out, COMPLETE_MARKER), new Date().toISOString());
  try {
    await rename(out, dir);
  } catch (error) {
    // Another process published the same build first; its copy is as good as ours.
    if (!existsSync(path.join(dir, COMPLETE_MARKER))) throw error;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  log(`Built the bridge in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return artifacts;
}
