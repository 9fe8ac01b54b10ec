import { errors, types } from 'cassandra-driver';

import type { LiveSample } from '../../tests-runner/engine/live';
import {
  liveMetrics,
  publishTo,
  type MetricsPublisher,
} from '../../tests-runner/metrics/publisher';
import { CountingRetryPolicy } from '../../tests-runner/targets/private/counting-retry-policy';
import { classifyDriverError } from '../../tests-runner/targets/private/driver-errors';

const info = (nbRetry: number) => ({ query: 'SELECT 1', executionOptions: {}, nbRetry }) as never;

describe('driver target accounting', () => {
  it('counts the retries the driver decides to make, and only those', () => {
    let retries = 0;
    const policy = new CountingRetryPolicy(() => retries++);
    const one = types.consistencies.localOne;
    policy.onUnavailable(info(0), one, 1, false); // first time: retry on the next host
    policy.onUnavailable(info(1), one, 1, false); // already retried: rethrow
    policy.onReadTimeout(info(0), one, 1, 1, false); // enough replicas answered, no data: retry
    policy.onReadTimeout(info(0), one, 0, 1, false); // too few replicas: rethrow
    expect(retries).toBe(2);
  });

  it('names driver errors by kind', () => {
    expect(
      classifyDriverError(new errors.ResponseError(types.responseErrorCodes.writeTimeout, 'x')),
    ).toBe('write-timeout');
    expect(classifyDriverError(new errors.OperationTimedOutError('slow', '127.0.0.1:9042'))).toBe(
      'client-timeout',
    );
    expect(
      classifyDriverError(
        new errors.NoHostAvailableError({ a: new Error('x'), b: new Error('y') }),
      ),
    ).toBe('no-host-available');
    expect(classifyDriverError(new TypeError('bad'))).toBe('TypeError');
  });
});

describe('live metrics publishing', () => {
  const sample: LiveSample = {
    workload: 'BULK_READ',
    phase: 'measured',
    timestampMs: 0,
    elapsedSec: 3,
    plannedSec: 10,
    throughputOpsPerSec: 100,
    throughputEntriesPerSec: 10_000,
    latencyP50Ms: 1.25,
    latencyP99Ms: 2.5,
    errorsPerSec: 1,
    calls: 300,
    errors: 3,
    inFlight: 4,
  };

  it('names metrics per workload with units', () => {
    expect(liveMetrics(sample).map((m) => `${m.name}=${m.value} ${m.unit}`)).toEqual([
      'testbed.bulk_read.ops_per_sec=100 calls/s',
      'testbed.bulk_read.entries_per_sec=10000 entries/s',
      'testbed.bulk_read.latency_p50_ms=1.25 ms',
      'testbed.bulk_read.latency_p99_ms=2.5 ms',
      'testbed.bulk_read.errors_per_sec=1 errors/s',
      'testbed.bulk_read.errors=3 errors',
      'testbed.bulk_read.in_flight=4 calls',
    ]);
  });

  it('reports a failing publisher once and keeps feeding the others', async () => {
    const seen: number[] = [];
    const good: MetricsPublisher = { publish: (s) => void seen.push(s.calls) };
    const bad: MetricsPublisher = {
      publish: () => Promise.reject(new Error('gmetric not found')),
    };
    const log: string[] = [];
    const fan = publishTo([bad, good], (line) => log.push(line));
    fan.publish(sample);
    fan.publish(sample);
    await fan.close();
    expect(seen).toEqual([300, 300]);
    expect(log).toEqual([
      'metrics publisher failed (further failures are not shown): gmetric not found',
    ]);
  });
});
