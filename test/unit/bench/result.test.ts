import {
  BENCH_RESULT_VERSION,
  benchResult,
  parseResultOutput,
  resultLine,
} from '../../../bench/shared/result';

describe('benchmark RESULT line', () => {
  const input = {
    benchmark: 'store',
    startedAt: new Date('2026-01-01T10:00:00Z'),
    finishedAt: new Date('2026-01-01T10:05:00Z'),
    options: { pairs: 3 },
    pass: true,
    figures: { cases: [{ ratio: 0.97 }] },
  };

  it('carries the version, the machine, the options and the figures', () => {
    const result = benchResult(input);
    expect(result).toMatchObject({
      format: 'testbed-bench-result',
      version: BENCH_RESULT_VERSION,
      benchmark: 'store',
      durationMs: 300_000,
      options: { pairs: 3 },
      pass: true,
      figures: { cases: [{ ratio: 0.97 }] },
    });
    expect(result.machine.cpus).toBeGreaterThan(0);
  });

  it('round-trips through the last RESULT line of an output', () => {
    const output = `table…\nRESULT {"old":1}\n${resultLine(benchResult(input))}\n`;
    expect(parseResultOutput(output).figures).toEqual({ cases: [{ ratio: 0.97 }] });
  });

  it('fails if the line does not fit the versioned shape', () => {
    expect(() => parseResultOutput('RESULT {"rounds":3}')).toThrow(/does not fit version 1/);
    expect(() => parseResultOutput('no result here')).toThrow(/no RESULT line/);
  });
});
