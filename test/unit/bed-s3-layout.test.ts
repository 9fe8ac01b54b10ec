import { BedLayout, defaultBedPrefix, newBedRunId, nodeId, parseNodeId } from '../../bed';

describe('bed S3 layout', () => {
  const bed = new BedLayout(`/${defaultBedPrefix('local-small')}/`);
  const run = bed.run('r20261207-211500-3fa9');

  it('builds every key of a run below the run prefix', () => {
    const keys = [
      run.spec,
      run.status(nodeId('cassandra', 1)),
      run.barrier('start-ignite', nodeId('tests', 0)),
      run.result('ignite', 1),
      run.report('ignite', 'html'),
      run.reportIndex,
      run.log(nodeId('ignite', 0), 'stdout.log'),
      run.done,
      run.failed,
    ];
    for (const key of keys) expect(key.startsWith(run.allPrefix)).toBe(true);
    expect(keys).toEqual([
      'beds/local-small/runs/r20261207-211500-3fa9/spec.json',
      'beds/local-small/runs/r20261207-211500-3fa9/status/cassandra-1.json',
      'beds/local-small/runs/r20261207-211500-3fa9/barriers/start-ignite/tests-0.json',
      'beds/local-small/runs/r20261207-211500-3fa9/results/ignite/node-1.json',
      'beds/local-small/runs/r20261207-211500-3fa9/report/ignite/summary.html',
      'beds/local-small/runs/r20261207-211500-3fa9/report/index.json',
      'beds/local-small/runs/r20261207-211500-3fa9/logs/ignite-0/stdout.log',
      'beds/local-small/runs/r20261207-211500-3fa9/DONE',
      'beds/local-small/runs/r20261207-211500-3fa9/FAILED',
    ]);
    expect(bed.artifact('cassandra-lib.tar.gz')).toBe(
      'beds/local-small/artifacts/cassandra-lib.tar.gz',
    );
    expect(bed.bedRecord).toBe('beds/local-small/bed.json');
  });

  it('two runs share no key', () => {
    const other = bed.run('r20261207-211500-0001');
    expect(other.allPrefix.startsWith(run.allPrefix)).toBe(false);
    expect(run.allPrefix.startsWith(other.allPrefix)).toBe(false);
  });

  it('makes run ids that sort by time and differ within a second', () => {
    const at = new Date('2026-12-07T21:15:00.123Z');
    const a = newBedRunId(at);
    expect(a).toMatch(/^r20261207-211500-[0-9a-f]{4}$/);
    const ids = new Set(Array.from({ length: 50 }, () => newBedRunId(at)));
    expect(ids.size).toBeGreaterThan(40);
    expect(newBedRunId(new Date('2026-12-07T21:16:00Z')) > a).toBe(true);
  });

  it('parses node ids back', () => {
    expect(parseNodeId('tests-12')).toEqual({ role: 'tests', index: 12 });
    expect(parseNodeId('zookeeper-1')).toBeUndefined();
  });

  it('fails if an id would escape its prefix', () => {
    expect(() => bed.run('../other')).toThrow(/run id '..\/other' is not valid/);
    expect(() => run.result('a/b', 0)).toThrow(/load test name/);
  });
});
