import type { Config } from '@jest/types';

import type { CassandraCluster, IgniteCluster, LoopbackBlock } from '../../local';
import checkOrphans from './orphan-check';

interface Services {
  cassandra: CassandraCluster;
  ignite: IgniteCluster;
  loopback: LoopbackBlock;
}

/** Stops the integration services, then fails the run if any JVM of ours is left behind. */
export default async function teardown(
  global: Config.GlobalConfig,
  config: Config.ProjectConfig,
): Promise<void> {
  const services = (globalThis as { __testbedServices?: Services }).__testbedServices;
  if (services) {
    await Promise.all([services.cassandra.stop(10_000), services.ignite.stop(10_000)]);
    services.loopback.release();
  }
  checkOrphans(global, config);
}
