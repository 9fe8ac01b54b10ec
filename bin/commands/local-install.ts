import { CASSANDRA_POM, CASSANDRA_VERSION } from '../../local/cassandra/cluster';
import { buildBridge } from '../../local/ignite/bridge-jar';
import { IGNITE_POM, IGNITE_VERSION } from '../../local/ignite/cluster';
import { ORIGINAL_STORE_VERSION, resolveOriginalStore } from '../../local/ignite/original-store';
import { findJdk, resolveClasspath } from '../../local';
import { ok, out, progress } from '../cli-output';

/**
 * `testbed local install`: resolves every Maven classpath into the cache and builds the Ignite
 * store bridge, so later starts run offline.
 */
export async function installLocal(): Promise<number> {
  const jdk = findJdk();
  for (const [pom, name] of [
    [CASSANDRA_POM, `cassandra-${CASSANDRA_VERSION}`],
    [IGNITE_POM, `ignite-${IGNITE_VERSION}`],
  ] as const) {
    const cp = await resolveClasspath({ pom, name, jdk, log: progress });
    out(ok(`${name}: ${cp.jars.length} jars in ${cp.libDir}`));
  }
  const original = await resolveOriginalStore({ jdk, log: progress });
  out(
    ok(
      `ignite-cassandra-store-${ORIGINAL_STORE_VERSION} (baseline): ${original.jars.length} jars in ${original.libDir}`,
    ),
  );
  const bridge = await buildBridge({ jdk, log: progress });
  out(ok(`Ignite store bridge: ${bridge.jar}`));
  return 0;
}
