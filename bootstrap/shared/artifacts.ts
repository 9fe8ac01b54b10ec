/**
 * Artifacts of a bed — the Cassandra and Ignite jars and the store bridge — staged once by the
 * launcher under `artifacts/` and fetched by the nodes from there, so no node needs Maven Central.
 * Directories travel as tar files (jars are compressed already).
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { $ } from 'zx';

import type { BedLayout } from '../../bed/s3-layout';
import type { Classpath } from '../../services/maven';
import type { BedBucket } from './bucket';
import { BootstrapError } from './errors';

/** The artifact names of a bed. */
export const ARTIFACTS = {
  cassandraLib: 'cassandra-lib.tar',
  igniteLib: 'ignite-lib.tar',
  bridgeJar: 'ignite-store-bridge.jar',
  /** The original Java store's jars (beds with `ignite.store: original`). */
  originalLib: 'original-store-lib.tar',
} as const;

/** What the launcher stages. */
export interface StagedSources {
  readonly cassandraLib: string;
  readonly igniteLib?: string;
  readonly bridgeJar?: string;
  readonly originalLib?: string;
}

/** Uploads the artifacts (the launcher, once per bed). */
export async function stageArtifacts(
  bucket: BedBucket,
  bed: BedLayout,
  sources: StagedSources,
): Promise<void> {
  const tmp = path.join(tmpdir(), `testbed-stage-${process.pid}-${Date.now()}`);
  mkdirSync(tmp, { recursive: true });
  try {
    const tarOf = async (dir: string, name: string): Promise<string> => {
      const file = path.join(tmp, name);
      await $({ quiet: true, timeout: 300_000 })`tar -cf ${file} -C ${dir} .`;
      return file;
    };
    await bucket.putFile(
      bed.artifact(ARTIFACTS.cassandraLib),
      await tarOf(sources.cassandraLib, ARTIFACTS.cassandraLib),
    );
    if (sources.igniteLib) {
      await bucket.putFile(
        bed.artifact(ARTIFACTS.igniteLib),
        await tarOf(sources.igniteLib, ARTIFACTS.igniteLib),
      );
    }
    if (sources.originalLib) {
      await bucket.putFile(
        bed.artifact(ARTIFACTS.originalLib),
        await tarOf(sources.originalLib, ARTIFACTS.originalLib),
      );
    }
    if (sources.bridgeJar)
      await bucket.putFile(bed.artifact(ARTIFACTS.bridgeJar), sources.bridgeJar);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Fetches a staged library directory into `dir` (once) and returns it as a classpath. */
export async function fetchLibrary(
  bucket: BedBucket,
  artifactsKey: string,
  name: string,
  dir: string,
): Promise<Classpath> {
  const marker = path.join(dir, '.complete');
  if (!existsSync(marker)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const tar = `${dir}.tar`;
    const key = `${artifactsKey.replace(/\/?$/, '/')}${name}`;
    if (!(await bucket.getFile(key, tar))) {
      throw new BootstrapError(
        `artifact ${key} is missing from the bed's bucket (the launcher stages it)`,
      );
    }
    await $({ quiet: true, timeout: 300_000 })`tar -xf ${tar} -C ${dir}`;
    rmSync(tar, { force: true });
    writeFileSync(marker, '');
  }
  const jars = readdirSync(dir)
    .filter((f) => f.endsWith('.jar'))
    .sort()
    .map((f) => path.join(dir, f));
  return { libDir: dir, jars };
}

/** Fetches one staged file to `file` (once). */
export async function fetchFile(
  bucket: BedBucket,
  artifactsKey: string,
  name: string,
  file: string,
): Promise<string> {
  if (existsSync(file)) return file;
  mkdirSync(path.dirname(file), { recursive: true });
  const key = `${artifactsKey.replace(/\/?$/, '/')}${name}`;
  if (!(await bucket.getFile(key, `${file}.part`))) {
    throw new BootstrapError(
      `artifact ${key} is missing from the bed's bucket (the launcher stages it)`,
    );
  }
  renameSync(`${file}.part`, file);
  return file;
}
