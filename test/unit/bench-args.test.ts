import { UsageError } from '../../common/errors';
import { benchArgs, namesFrom, wholeNumber } from '../../bench/shared/args';

describe('benchmark command lines', () => {
  it('takes whole numbers within the range and names the option otherwise', () => {
    expect(wholeNumber('rounds', '5', 1)).toBe(5);
    expect(wholeNumber('bulk', ' 100 ', 1, 1000)).toBe(100);
    expect(() => wholeNumber('rounds', 'x', 1)).toThrow(
      new UsageError('--rounds must be a whole number of at least 1, not "x".'),
    );
    expect(() => wholeNumber('rounds', '0', 1)).toThrow(/--rounds .* at least 1, not "0"/);
    expect(() => wholeNumber('bulk', '2.5', 1, 1000)).toThrow(/from 1 to 1000, not "2.5"/);
    expect(() => wholeNumber('bulk', '1001', 1, 1000)).toThrow(UsageError);
  });

  it("keeps listed names in the benchmark's order and refuses unknown ones with the choices", () => {
    const choices = ['ignite-ts', 'ignite-original', 'store'] as const;
    expect(namesFrom('variants', 'store,ignite-ts', choices)).toEqual(['ignite-ts', 'store']);
    let error: unknown;
    try {
      namesFrom('variants', 'store,ignite_ts', choices);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe('--variants: unknown "ignite_ts".');
    expect((error as UsageError).hint).toBe(
      'Choose from ignite-ts, ignite-original, store (comma-separated).',
    );
    expect((error as UsageError).code).toBe('USAGE');
  });

  it('refuses unknown options and lists the known ones', () => {
    const options = { rounds: { type: 'string', default: '3' } } as const;
    expect(() => benchArgs(options, ['--bogus', '1'])).toThrow(
      expect.objectContaining({
        message: expect.stringContaining("Unknown option '--bogus'") as string,
        code: 'USAGE',
        hint: 'This benchmark takes --rounds.',
      }) as Error,
    );
    expect(benchArgs(options, ['--rounds', '7']).rounds).toBe('7');
    expect(benchArgs(options, []).rounds).toBe('3');
  });
});
