import { CASSANDRA_POM, CASSANDRA_VERSION } from '../../local/cassandra/cluster';
import { IGNITE_POM, IGNITE_VERSION } from '../../local/ignite/cluster';
import { findJdk, resolveClasspath } from '../../local';
import { ok, out, progress } from '../cli-output';

/** `testbed local install`: resolves every Maven classpath into the cache so later starts run offline. */
export async function installLocal(): Promise<number> {
  const jdk = findJdk();
  for (const [pom, name] of [
    [CASSANDRA_POM, `cassandra-${CASSANDRA_VERSION}`],
    [IGNITE_POM, `ignite-${IGNITE_VERSION}`],
  ] as const) {
    const cp = await resolveClasspath({ pom, name, jdk, log: progress });
    out(ok(`${name}: ${cp.jars.length} jars in ${cp.libDir}`));
  }
  return 0;
}
