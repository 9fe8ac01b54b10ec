import { types } from 'cassandra-driver';
import fc from 'fast-check';

import {
  decimalFromBytes,
  decimalToBytes,
  decimalsEqual,
  formatDecimal,
  formatDecimalPlain,
  parseDecimal,
} from '../../../common/decimal';
import { MappingError } from '../../../store';
import { codecFor } from '../../../store/mapping/codecs';
import { parseCqlType } from '../../../store/settings/cql-types';
import { decimalParts } from '../../support/cql-arbitraries';

const decimal = codecFor(parseCqlType('decimal')!);
/** The (unscaled, scale) the driver would send for a written value. */
const sent = (v: unknown) =>
  decimalFromBytes(types.BigDecimal.toBuffer(decimal.toDriver(v, 'f') as types.BigDecimal));

/** Fixed seed and runs: a failure is reproduced by the next run. */
const RUNS = { seed: 12, numRuns: 2000 };

describe('exact decimals', () => {
  // Issue 12, found 1: the driver's BigDecimal.toString() reads negative scales wrong.
  it('reads negative scales as the number Cassandra holds (not "1." for 1000)', () => {
    const read = (unscaled: number, scale: number) =>
      decimal.fromDriver(new types.BigDecimal(unscaled, scale));
    expect(new types.BigDecimal(1, -3).toString()).toBe('1.'); // the driver's defect, kept visible
    expect(read(1, -3)).toBe('1E+3');
    expect(read(12, -1)).toBe('1.2E+2');
    expect(read(15, -4)).toBe('1.5E+5');
    expect(read(-2, -2)).toBe('-2E+2');
    expect(Number(read(1, -3))).toBe(1000);
  });

  // Issue 12, found 2: exponent notation was handed to BigDecimal.fromString.
  it('writes exponent notation exactly, keeping the scale', () => {
    expect(sent('1E+3')).toEqual({ unscaled: 1n, scale: -3 });
    expect(sent('1.5E+5')).toEqual({ unscaled: 15n, scale: -4 });
    expect(sent('2.5e-3')).toEqual({ unscaled: 25n, scale: 4 });
    expect(sent('-12.340')).toEqual({ unscaled: -12340n, scale: 3 });
    expect(sent(1000)).toEqual({ unscaled: 1000n, scale: 0 });
    expect(sent(2n ** 80n)).toEqual({ unscaled: 2n ** 80n, scale: 0 });
  });

  it('fails if a number is not an exact decimal (fractions, beyond 2^53, NaN, Infinity)', () => {
    for (const n of [1e21, 0.1, 2 ** 53, NaN, Infinity])
      expect(() => decimal.toDriver(n, 'price (decimal)')).toThrow(
        /price \(decimal\): the number .* is not an exact decimal .*pass it as a string/,
      );
  });

  it('fails if a string is not a decimal, naming the field and the value', () => {
    for (const s of ['', ' 1', '0x10', 'Infinity', 'NaN', '1e', '.', '1,5', '1E+99999999999'])
      expect(() => decimal.toDriver(s, 'price (decimal)')).toThrow(MappingError);
    expect(() => decimal.toDriver('0x10', 'price (decimal)')).toThrow(
      /price \(decimal\): expected a decimal string such as "12.340" or "1.5E\+5", got string "0x10"/,
    );
    expect(() => decimal.toDriver(true, 'p')).toThrow(/got boolean/);
  });

  it('formats like Java BigDecimal.toString() and toPlainString()', () => {
    expect(formatDecimal(0n, 2)).toBe('0.00');
    expect(formatDecimal(0n, -3)).toBe('0E+3');
    expect(formatDecimal(1n, 7)).toBe('1E-7');
    expect(formatDecimal(123n, 10)).toBe('1.23E-8');
    expect(formatDecimal(1n, 6)).toBe('0.000001');
    expect(formatDecimal(-12345n, -2)).toBe('-1.2345E+6');
    expect(formatDecimalPlain(1n, -3)).toBe('1000');
    expect(formatDecimalPlain(-5n, 3)).toBe('-0.005');
  });

  it('property: parse(format(d)) is d, bytes round-trip, the driver holds exactly d', () => {
    fc.assert(
      fc.property(decimalParts, (d) => {
        expect(parseDecimal(formatDecimal(d.unscaled, d.scale))).toEqual(d);
        expect(decimalFromBytes(decimalToBytes(d))).toEqual(d);
        expect(sent(formatDecimal(d.unscaled, d.scale))).toEqual(d);
        expect(decimal.fromDriver(decimal.toDriver(formatDecimal(d.unscaled, d.scale), 'f'))).toBe(
          formatDecimal(d.unscaled, d.scale),
        );
        if (Math.abs(d.scale) < 1000)
          expect(decimalsEqual(parseDecimal(formatDecimalPlain(d.unscaled, d.scale))!, d)).toBe(
            true,
          );
      }),
      RUNS,
    );
  });
});
