import path from 'node:path';

import type { Variables } from './environment';
import { findJdk, type Jdk } from './java';
import { resolveClasspath, type Classpath } from './maven';

/** The JDK and the Maven classpath a service's JVMs run on. */
export interface JvmRuntime {
  readonly jdk: Jdk;
  readonly classpath: Classpath;
}

/** A pinned service distribution: the pom listing its jars and its version. */
export interface ServiceDistribution {
  /** Short name, also the cache entry's (`cassandra-5.0.9`). */
  readonly name: string;
  readonly version: string;
  readonly pom: string;
}

export const CASSANDRA_VERSION = '5.0.9';
/** The pinned Cassandra server jars. */
export const CASSANDRA: ServiceDistribution = {
  name: `cassandra-${CASSANDRA_VERSION}`,
  version: CASSANDRA_VERSION,
  pom: path.join(__dirname, 'cassandra', 'pom.xml'),
};

export const IGNITE_VERSION = '2.17.0';
/** The pinned Ignite server jars. */
export const IGNITE: ServiceDistribution = {
  name: `ignite-${IGNITE_VERSION}`,
  version: IGNITE_VERSION,
  pom: path.join(__dirname, 'ignite', 'pom.xml'),
};

/**
 * Finds JDK 17 and resolves a distribution's jars (Maven Central the first time, then the
 * cache), both from the given variables.
 */
export async function jvmRuntime(
  distribution: ServiceDistribution,
  env: { readonly variables: Variables; readonly log: (line: string) => void },
): Promise<JvmRuntime> {
  const jdk = findJdk({ env: env.variables });
  const classpath = await resolveClasspath({
    pom: distribution.pom,
    name: distribution.name,
    jdk,
    log: env.log,
    env: env.variables,
  });
  return { jdk, classpath };
}
