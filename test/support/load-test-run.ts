import { loadTestConfigSchema, type LoadTestConfigInput } from '../../tests-runner/config/schema';
import { runLoadTest } from '../../tests-runner/engine/run';
import type { LoadTestResult } from '../../tests-runner/results/schema';
import { integrationServices } from './services';

/**
 * A short load test against the integration run's Cassandra: 4 workers, bulk 10, 1.5 s measured.
 * Few keys per worker (50): a WRITE of this length covers them all, so verified reads find each.
 */
export function shortLoadTest(
  target: LoadTestConfigInput['target'],
  keyspace: string,
  settings: Partial<LoadTestConfigInput>,
): Promise<LoadTestResult> {
  return runLoadTest(
    loadTestConfigSchema.parse({
      target,
      warmupSeconds: 0.3,
      durationSeconds: 1.5,
      concurrency: 4,
      bulkSize: 10,
      keys: { perWorker: 50 },
      cassandra: { contactPoints: integrationServices().cassandra, keyspace },
      ...settings,
    }),
  );
}
