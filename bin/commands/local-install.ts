import {
  buildBridge,
  CASSANDRA,
  findJdk,
  IGNITE,
  ORIGINAL_STORE_VERSION,
  resolveClasspath,
  resolveOriginalStore,
} from '../../services';
import { ok, out, progress } from '../cli-output';

/**
 * `testbed local install`: resolves every Maven classpath into the cache and builds the Ignite
 * store bridge, so later starts run offline.
 */
export async function installLocal(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const jdk = findJdk({ env });
  for (const { pom, name } of [CASSANDRA, IGNITE]) {
    const cp = await resolveClasspath({ pom, name, jdk, log: progress, env });
    out(ok(`${name}: ${cp.jars.length} jars in ${cp.libDir}`));
  }
  const original = await resolveOriginalStore({ jdk, log: progress, env });
  out(
    ok(
      `ignite-cassandra-store-${ORIGINAL_STORE_VERSION} (baseline): ${original.jars.length} jars in ${original.libDir}`,
    ),
  );
  const bridge = await buildBridge({ jdk, log: progress, env });
  out(ok(`Ignite store bridge: ${bridge.jar}`));
  return 0;
}
