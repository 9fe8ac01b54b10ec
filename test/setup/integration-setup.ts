import path from 'node:path';

import { allocateLoopbackBlock, CassandraCluster, IgniteCluster } from '../../local';
import { projectDir } from '../support/services';

/**
 * Starts one real Cassandra node and one real Ignite node for the whole integration run, on a
 * loopback block of their own, and hands their endpoints to the tests through the environment.
 * (Jest runs the teardown in this same process; the services travel there on globalThis.)
 */
export default async function setup(): Promise<void> {
  const loopback = allocateLoopbackBlock();
  const dir = path.join(projectDir('integration'), 'global');
  const log = (line: string): void => {
    process.stderr.write(`[integration setup] ${line}\n`);
  };
  const started = await Promise.allSettled([
    CassandraCluster.start({ dir: path.join(dir, 'cassandra'), loopback, fresh: true, log }),
    IgniteCluster.start({ dir: path.join(dir, 'ignite'), loopback, log }),
  ]);
  const [cassandra, ignite] = started.map((r) =>
    r.status === 'fulfilled' ? r.value : undefined,
  ) as [CassandraCluster | undefined, IgniteCluster | undefined];
  const failure = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure || !cassandra || !ignite) {
    await Promise.all([cassandra?.stop(5_000), ignite?.stop(5_000)]);
    loopback.release();
    throw failure?.reason;
  }
  process.env.TESTBED_TEST_CASSANDRA = cassandra.contactPoints.join(',');
  process.env.TESTBED_TEST_IGNITE = ignite.clientEndpoints.join(',');
  process.env.TESTBED_TEST_DIR = dir;
  Object.assign(globalThis, { __testbedServices: { cassandra, ignite, loopback } });
}
