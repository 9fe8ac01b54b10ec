/**
 * What a bed's launcher stages (the local bed and `testbed cloud up` alike): the Cassandra and
 * Ignite jars, and the store the spec's Ignite nodes run — the bridge for the TS store, the
 * original Java store's jars otherwise. Resolved on the launcher's machine (Maven cache), so the
 * nodes never need Maven Central.
 */
import type { BedSpec } from '../../bed/schema';
import {
  buildBridge,
  CASSANDRA,
  findJdk,
  IGNITE,
  jvmRuntime,
  resolveOriginalStore,
} from '../../services';
import type { StagedSources } from './artifacts';

/** Where the launcher resolves artifacts: its environment (JAVA_HOME, PATH …) and a log. */
export interface ArtifactEnvironment {
  readonly variables: NodeJS.ProcessEnv;
  readonly log: (line: string) => void;
}

/** Resolves (and builds, for the bridge) the artifacts `spec` needs. */
export async function resolveArtifacts(
  spec: BedSpec,
  env: ArtifactEnvironment,
): Promise<StagedSources> {
  const jdk = findJdk({ env: env.variables });
  const withIgnite = spec.nodes.ignite > 0;
  const original = withIgnite && spec.ignite.store === 'original';
  const [cassandra, ignite, bridge, originalStore] = await Promise.all([
    jvmRuntime(CASSANDRA, env),
    withIgnite ? jvmRuntime(IGNITE, env) : undefined,
    withIgnite && !original ? buildBridge({ jdk, log: env.log, env: env.variables }) : undefined,
    original ? resolveOriginalStore({ jdk, log: env.log, env: env.variables }) : undefined,
  ]);
  return {
    cassandraLib: cassandra.classpath.libDir,
    ...(ignite ? { igniteLib: ignite.classpath.libDir } : {}),
    ...(bridge ? { bridgeJar: bridge.jar } : {}),
    ...(originalStore ? { originalLib: originalStore.libDir } : {}),
  };
}
