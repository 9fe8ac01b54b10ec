import {
  decodeHistogram,
  encodeHistogram,
  newLatencyHistogram,
} from '../../tests-runner/results/histogram';
import { mergeResults } from '../../tests-runner/results/merge';
import { OperationRecorder, PhaseClock } from '../../tests-runner/engine/recorder';
import { latencies, nodeResult } from '../support/load-test-fixtures';

const PERCENTILES = Array.from({ length: 201 }, (_, i) => i / 2).concat([99.9, 99.99, 99.999]);

describe('merging node results', () => {
  const samples = [latencies(20_000, 1), latencies(5_000, 2), latencies(12_345, 3)];
  const files = samples.map((ns, node) => ({
    file: `node-${node}.json`,
    result: nodeResult(node, [
      {
        name: 'WRITE',
        // Node 1 starts one second later: its seconds must line up with the others' by epoch.
        ops: {
          write: {
            latenciesNs: ns,
            startEpochSec: 1_000 + (node === 1 ? 1 : 0),
            callsPerSec: [node + 1, 10, 20],
          },
        },
      },
    ]),
  }));

  it('adds histograms: the merged histogram equals the histogram of all samples', () => {
    const merged = mergeResults(files);
    const stats = merged.workloads[0]!.measured.operations.write!;
    const recorded = newLatencyHistogram();
    for (const v of samples.flat()) recorded.recordValue(v);
    // Histograms travel encoded: compare with the all-samples histogram after the same trip (min and
    // max come back at bucket resolution, 0.1%).
    const all = decodeHistogram(encodeHistogram(recorded));
    const got = decodeHistogram(stats.latencyHistogram);
    expect(got.totalCount).toBe(all.totalCount);
    expect(got.minNonZeroValue).toBe(all.minNonZeroValue);
    expect(got.maxValue).toBe(all.maxValue);
    expect(got.mean).toBeCloseTo(all.mean, 6);
    for (const p of PERCENTILES)
      expect([p, got.getValueAtPercentile(p)]).toEqual([p, all.getValueAtPercentile(p)]);
    expect(stats.latency.p99Ms).toBe(Math.round(all.getValueAtPercentile(99)) / 1e6);
    expect(stats.calls).toBe(samples.flat().length);
  });

  it('never averages percentiles: a slow node moves the merged p99 only by its share of calls', () => {
    const fast = nodeResult(0, [
      {
        name: 'READ',
        ops: {
          read: {
            latenciesNs: new Array<number>(9_900).fill(1e6),
            startEpochSec: 1,
            callsPerSec: [9_900],
          },
        },
      },
    ]);
    const slow = nodeResult(1, [
      {
        name: 'READ',
        ops: {
          read: {
            latenciesNs: new Array<number>(100).fill(100e6),
            startEpochSec: 1,
            callsPerSec: [100],
          },
        },
      },
    ]);
    const read = mergeResults([
      { file: 'fast', result: fast },
      { file: 'slow', result: slow },
    ]).workloads[0]!.measured.operations.read!;
    // 1% of all calls are slow: the 99th percentile is still a fast call, the 99.9th a slow one
    // (averaging the nodes' p99s would give ~50 ms).
    expect(read.latency.p99Ms).toBeCloseTo(1, 2);
    expect(read.latency.p999Ms).toBeCloseTo(100, 0);
  });

  it('sums throughput over aligned wall-clock seconds and keeps each node', () => {
    const merged = mergeResults(files);
    const w = merged.workloads[0]!;
    expect(w.measured.operations.write!.series).toEqual({
      startEpochSec: 1_000,
      // second 1000: nodes 0 and 2; 1001: 10 + 2 (node 1's first) + 10; 1002: 20 + 10 + 20; 1003: node 1's last.
      callsPerSec: [1 + 3, 10 + 2 + 10, 20 + 10 + 20, 20],
      entriesPerSec: [4, 22, 50, 20],
      errorsPerSec: [0, 0, 0, 0],
    });
    expect(w.measured.nodes.map((n) => n.node)).toEqual([0, 1, 2]);
    expect(merged.nodes.map((n) => n.index)).toEqual([0, 1, 2]);
    const perNode = files.map(
      (f) => f.result.workloads[0]!.measured.operations.write!.throughputOpsPerSec,
    );
    expect(w.measured.operations.write!.throughputOpsPerSec).toBeCloseTo(
      perNode.reduce((a, b) => a + b, 0),
      9,
    );
  });

  it('adds errors by kind', () => {
    const a = nodeResult(0, [
      {
        name: 'READ',
        ops: {
          read: {
            latenciesNs: [1000],
            startEpochSec: 5,
            callsPerSec: [1],
            errorsByKind: { 'read-timeout': 2 },
          },
        },
      },
    ]);
    const b = nodeResult(1, [
      {
        name: 'READ',
        ops: {
          read: {
            latenciesNs: [1000],
            startEpochSec: 5,
            callsPerSec: [1],
            errorsByKind: { 'read-timeout': 3, unavailable: 1 },
          },
        },
      },
    ]);
    const read = mergeResults([
      { file: 'a', result: a },
      { file: 'b', result: b },
    ]).workloads[0]!.measured.operations.read!;
    expect(read.errorsByKind).toEqual({ 'read-timeout': 5, unavailable: 1 });
    expect(read.errors).toBe(6);
  });

  it('fails if the files belong to different runs or repeat a node', () => {
    const other = { file: 'x.json', result: { ...files[1]!.result, runId: 'another' } };
    expect(() => mergeResults([files[0]!, other])).toThrow(/x\.json belongs to run 'another'/);
    expect(() => mergeResults([files[0]!, { ...files[0]!, file: 'copy.json' }])).toThrow(
      /Node 0 appears in both node-0\.json and copy\.json/,
    );
  });

  it('a merged result merges again (merge is associative)', () => {
    const ab = mergeResults([files[0]!, files[1]!]);
    const abc = mergeResults([{ file: 'ab', result: ab }, files[2]!]);
    const flat = mergeResults(files);
    expect(abc.workloads[0]!.measured.operations.write!.latency).toEqual(
      flat.workloads[0]!.measured.operations.write!.latency,
    );
    expect(abc.workloads[0]!.measured.operations.write!.series).toEqual(
      flat.workloads[0]!.measured.operations.write!.series,
    );
  });
});

describe('the recorder', () => {
  it('encodes the values it recorded exactly as a plain histogram of them (WebAssembly and JavaScript agree)', () => {
    const values = latencies(10_000, 7);
    const clock = new PhaseClock(performance.now());
    const rec = new OperationRecorder(clock, 10, false);
    const t = performance.now();
    for (const ns of values) rec.success(t, t, t + ns / 1e6, 1);
    const stats = rec.finish(10_000, t);
    const plain = newLatencyHistogram();
    // The recorder rounds (end - start) ms back to ns; the float round trip may move a value by 1 ns.
    for (const ns of values) plain.recordValue(Math.round((t + ns / 1e6 - t) * 1e6));
    const got = decodeHistogram(stats.latencyHistogram);
    expect(got.totalCount).toBe(values.length);
    for (const p of PERCENTILES)
      expect(got.getValueAtPercentile(p)).toBe(plain.getValueAtPercentile(p));
  });
});
