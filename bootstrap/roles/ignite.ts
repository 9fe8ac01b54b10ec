/**
 * The `ignite` role: waits (bounded) for every Cassandra node `ready`, starts the TypeScript store
 * sidecar and the Ignite node (the staged jars and bridge; the spec's caches; static discovery of
 * every Ignite node), waits for the full topology, reports `ready`, keeps running.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { renderCacheBean } from '../../ignite/cache-config';
import { SidecarProcess } from '../../services/ignite/sidecar-process';
import { findJdk, jvmOutputFile, startIgniteNode } from '../../services';
import { ARTIFACTS, fetchFile, fetchLibrary } from '../shared/artifacts';
import { nodesOf, type RoleContext } from '../shared/context';
import { BootstrapError } from '../shared/errors';
import { waitForReady } from '../shared/waits';
import { supervise } from './supervise';

/** Writes the bed's inlined files (descriptors) under `dir`; returns the path of each. */
export function writeBedFiles(ctx: RoleContext, dir: string): (name: string) => string {
  for (const [name, text] of Object.entries(ctx.bed.files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return (name) => path.join(dir, name);
}

/** The data centre clients of the bed's Cassandra name as local. */
export function localDataCenter(ctx: RoleContext): string {
  const c = ctx.bed.spec.cassandra;
  return c.snitch === 'SimpleSnitch' ? 'datacenter1' : c.dataCenter;
}

export async function igniteRole(ctx: RoleContext): Promise<void> {
  const { identity, bed } = ctx;
  const ig = bed.spec.ignite;
  if (ig.store !== 'ts') {
    throw new BootstrapError(
      `ignite.store '${ig.store}' is not supported by the bed yet; use 'ts'`,
    );
  }
  const dir = path.join(identity.workDir, 'ignite');
  await ctx.status.enter('installing', 'JDK 17, the staged Ignite jars and the store bridge');
  const jdk = findJdk({ env: ctx.variables });
  const [classpath, bridgeJar] = await Promise.all([
    fetchLibrary(
      ctx.bucket,
      identity.artifactsKey,
      ARTIFACTS.igniteLib,
      path.join(identity.workDir, 'lib', 'ignite'),
    ),
    fetchFile(
      ctx.bucket,
      identity.artifactsKey,
      ARTIFACTS.bridgeJar,
      path.join(identity.workDir, 'lib', ARTIFACTS.bridgeJar),
    ),
  ]);
  await ctx.status.enter('waiting', 'for every Cassandra node to be ready');
  await waitForReady(ctx.bucket, ctx.servicesRun, nodesOf(bed, 'cassandra'), {
    // Longer than the Cassandra nodes' own bound, so that their failure (with its reason) comes first.
    timeoutMs: ctx.bounded((bed.spec.timeouts.cassandraReadySeconds + 60) * 1000),
    signal: ctx.signal,
    what: 'every Cassandra node to be ready',
  });
  await ctx.status.enter('configuring', 'sidecar and Spring XML');
  const fileOf = writeBedFiles(ctx, path.join(identity.workDir, 'files'));
  // Unix socket paths are limited to 107 bytes: a short directory of its own.
  const sockets = path.join(
    tmpdir(),
    `testbed-sc-${createHash('sha256').update(path.resolve(dir)).digest('hex').slice(0, 10)}`,
  );
  const socket = path.join(sockets, 'node.sock');
  const c = bed.spec.cassandra;
  const sidecar = new SidecarProcess({
    name: `sidecar of ignite node ${identity.index}`,
    dir: path.join(identity.workDir, 'sidecar'),
    config: {
      socket,
      name: `sidecar-${identity.index}`,
      cassandra: {
        contactPoints: bed.addresses.cassandra.map((a) => `${a}:${c.nativePort}`),
        localDataCenter: localDataCenter(ctx),
      },
      caches: Object.fromEntries(
        ig.caches.map((cache) => [
          cache.name,
          { descriptor: fileOf(bed.cacheDescriptors[cache.name] ?? '') },
        ]),
      ),
    },
  });
  const timeoutMs = ctx.bounded(bed.spec.timeouts.igniteReadySeconds * 1000);
  await sidecar.start({ timeoutMs: Math.min(timeoutMs, 120_000) });
  const name = `ignite node ${identity.index} (${identity.address})`;
  mkdirSync(path.join(dir, 'work'), { recursive: true });
  let proc;
  try {
    proc = await startIgniteNode(
      { variables: ctx.variables, runner: ctx.runner, log: ctx.log },
      { jdk, classpath },
      {
        name,
        dir,
        heapMiB: ig.heapMiB,
        config: {
          instanceName: `${bed.bedId}-ignite-${identity.index}`,
          localAddress: identity.address,
          discoveryAddresses: bed.addresses.ignite.map((a) => `${a}:${ig.discoveryPort}`),
          discoveryPort: ig.discoveryPort,
          communicationPort: ig.communicationPort,
          clientPort: ig.clientPort,
          workDirectory: path.join(dir, 'work'),
          dataRegionMiB: ig.dataRegionMiB,
          cacheBeans: ig.caches.map((cache) => renderCacheBean(cache, { kind: 'ts' })),
          thinClient: { maxActiveComputeTasksPerConnection: 4, sendServerStackTraces: true },
        },
        expectedServers: bed.addresses.ignite.length,
        extraClasspath: [bridgeJar],
        extraJvmArgs: [`-Dtestbed.sidecar.socket=${socket}`],
        timeoutMs,
        signal: ctx.signal,
      },
    );
  } catch (error) {
    await sidecar.stop(5_000);
    throw error;
  }
  await ctx.status.enter(
    'ready',
    `topology of ${bed.addresses.ignite.length} server(s), caches ${ig.caches.map((x) => x.name).join(', ')}`,
  );
  await supervise(ctx, [
    { name, proc, logs: [jvmOutputFile(dir)] },
    {
      name: sidecar.spec.name,
      proc: {
        pid: sidecar.pid ?? 0,
        isAlive: () => sidecar.isRunning(),
        waitUntilReady: () => Promise.resolve(),
        stop: (graceMs) => sidecar.stop(graceMs),
        kill: () => sidecar.kill(),
      },
      logs: [sidecar.logFile],
    },
  ]);
}

/** The log files of the role, shipped on exit. */
export function igniteLogs(workDir: string): string[] {
  return [
    jvmOutputFile(path.join(workDir, 'ignite')),
    path.join(workDir, 'sidecar', 'sidecar.log'),
  ];
}
