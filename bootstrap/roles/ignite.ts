/**
 * The `ignite` role: waits (bounded) for every Cassandra node `ready`, creates the caches' tables,
 * starts the store (the TypeScript store's sidecar, or the original Java store's jars) and the
 * Ignite node (the staged jars; the spec's caches; static discovery of every Ignite node), waits
 * for the full topology, reports `ready`, keeps running.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { renderCacheBean } from '../../ignite/cache-config';
import { IGNITE_METRICS, processMemoryPoll, sidecarPoll } from '../../monitoring';
import { createOriginalSchema, findJdk, jvmOutputFile, startIgniteNode } from '../../services';
import { loadPersistenceXml } from '../../store';
import { ARTIFACTS, fetchFile, fetchLibrary } from '../shared/artifacts';
import { localDataCenter, writeBedFiles } from '../shared/bed-files';
import { nodesOf, type RoleContext } from '../shared/context';
import { waitForReady } from '../shared/waits';
import { igniteStore } from './private/ignite-store';
import { supervise } from './supervise';

export async function igniteRole(ctx: RoleContext): Promise<void> {
  const { identity, bed } = ctx;
  const ig = bed.spec.ignite;
  const dir = path.join(identity.workDir, 'ignite');
  const lib = (name: string) => path.join(identity.workDir, 'lib', name);
  await ctx.status.enter('installing', `JDK 17, the staged Ignite jars and the ${ig.store} store`);
  const jdk = findJdk({ env: ctx.variables });
  const [classpath, storeArtifact] = await Promise.all([
    fetchLibrary(ctx.bucket, identity.artifactsKey, ARTIFACTS.igniteLib, lib('ignite')),
    ig.store === 'original'
      ? fetchLibrary(ctx.bucket, identity.artifactsKey, ARTIFACTS.originalLib, lib('original'))
      : fetchFile(ctx.bucket, identity.artifactsKey, ARTIFACTS.bridgeJar, lib(ARTIFACTS.bridgeJar)),
  ]);
  await ctx.status.enter('waiting', 'for every Cassandra node to be ready');
  await waitForReady(ctx.bucket, ctx.servicesRun, nodesOf(bed, 'cassandra'), {
    // Longer than the Cassandra nodes' own bound, so that their failure (with its reason) comes first.
    timeoutMs: ctx.bounded((bed.spec.timeouts.cassandraReadySeconds + 60) * 1000),
    signal: ctx.signal,
    what: 'every Cassandra node to be ready',
  });
  await ctx.status.enter('configuring', "the caches' tables, the store and Spring XML");
  const fileOf = writeBedFiles(ctx, path.join(identity.workDir, 'files'));
  const caches = await Promise.all(
    ig.caches.map(async (cache) => {
      const descriptor = fileOf(bed.cacheDescriptors[cache.name] ?? '');
      return {
        cache,
        descriptor,
        name: cache.name,
        settings: await loadPersistenceXml(descriptor, { warn: ctx.log }),
      };
    }),
  );
  // Before the node reports ready: else the first write-through creates them during the first
  // workload (and the original store's own creation fails on Cassandra 5's messages).
  const c = bed.spec.cassandra;
  await createOriginalSchema(caches, {
    contactPoints: bed.addresses.cassandra.map((a) => `${a}:${c.nativePort}`),
    localDataCenter: localDataCenter(ctx),
  });
  const store = await igniteStore(ctx, {
    dir,
    jdk,
    caches,
    artifact: storeArtifact,
    timeoutMs: Math.min(ctx.bounded(bed.spec.timeouts.igniteReadySeconds * 1000), 120_000),
  });
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
          cacheBeans: caches.map((x) => renderCacheBean(x.cache, store.binding(x.descriptor))),
          ...(store.binaryClassNames.length ? { binaryClassNames: store.binaryClassNames } : {}),
          thinClient: { maxActiveComputeTasksPerConnection: 4, sendServerStackTraces: true },
        },
        expectedServers: bed.addresses.ignite.length,
        extraClasspath: store.extraClasspath,
        extraJvmArgs: store.extraJvmArgs,
        timeoutMs: ctx.bounded(bed.spec.timeouts.igniteReadySeconds * 1000),
        signal: ctx.signal,
      },
    );
  } catch (error) {
    await store.sidecar?.stop(5_000);
    throw error;
  }
  await ctx.status.enter(
    'ready',
    `${bed.addresses.ignite.length} server(s), ${ig.store} store; tables created: ${ig.caches.map((x) => x.name).join(', ')}`,
  );
  const sidecar = store.sidecar;
  if (sidecar) {
    ctx.monitoring?.poll(
      `${ctx.node} sidecar health`,
      sidecarPoll(() => sidecar.health()),
    );
  }
  ctx.monitoring?.poll(
    `${ctx.node} memory`,
    processMemoryPoll(proc.pid, IGNITE_METRICS.rss, 'ignite'),
  );
  await supervise(ctx, [
    { name, proc, logs: [jvmOutputFile(dir)] },
    ...(sidecar
      ? [
          {
            name: sidecar.spec.name,
            proc: {
              pid: sidecar.pid ?? 0,
              isAlive: () => sidecar.isRunning(),
              waitUntilReady: () => Promise.resolve(),
              stop: (graceMs: number) => sidecar.stop(graceMs),
              kill: () => sidecar.kill(),
            },
            logs: [sidecar.logFile],
          },
        ]
      : []),
  ]);
}

/** The log files of the role, shipped on exit. */
export function igniteLogs(workDir: string): string[] {
  return [
    jvmOutputFile(path.join(workDir, 'ignite')),
    path.join(workDir, 'sidecar', 'sidecar.log'),
  ];
}
