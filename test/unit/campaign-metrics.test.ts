import { metricsFromResult } from '../../campaigns/metrics';
import { nodeResult } from '../support/load-test-fixtures';

describe('metricsFromResult', () => {
  it('gives throughput and p99 per workload; the p99 of two operations comes from their added histograms', () => {
    const fast = Array.from({ length: 990 }, () => 1_000_000); // 1 ms
    const slow = Array.from({ length: 10 }, () => 100_000_000); // 100 ms
    const result = nodeResult(0, [
      {
        name: 'WRITE',
        ops: { write: { latenciesNs: fast, startEpochSec: 0, callsPerSec: [990] } },
      },
      {
        name: 'MIXED',
        ops: {
          read: { latenciesNs: fast.slice(0, 980), startEpochSec: 0, callsPerSec: [980] },
          write: { latenciesNs: [...slow, ...slow], startEpochSec: 0, callsPerSec: [20] },
        },
      },
    ]);
    const m = metricsFromResult('store', result);
    expect(Object.keys(m).sort()).toEqual([
      'store/MIXED/latencyP99Ms',
      'store/MIXED/throughputOpsPerSec',
      'store/WRITE/latencyP99Ms',
      'store/WRITE/throughputOpsPerSec',
    ]);
    expect(m['store/WRITE/latencyP99Ms']).toBeCloseTo(1, 2);
    // 20 of 1000 calls took 100 ms: the merged p99 is 100 ms; neither an average of the two
    // operations' p99s (≈ 50 ms) nor the read p99 (1 ms).
    expect(m['store/MIXED/latencyP99Ms']).toBeCloseTo(100, 0);
    expect(m['store/MIXED/throughputOpsPerSec']).toBeCloseTo(
      result.workloads[1]!.measured.operations.read!.throughputOpsPerSec +
        result.workloads[1]!.measured.operations.write!.throughputOpsPerSec,
      9,
    );
  });
});
