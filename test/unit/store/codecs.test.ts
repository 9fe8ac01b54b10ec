import { types } from 'cassandra-driver';

import { codecFor } from '../../../store/mapping/codecs';
import { parseCqlType } from '../../../store/settings/cql-types';
import { MappingError } from '../../../store';

const codec = (t: string) => {
  const type = parseCqlType(t);
  if (!type) throw new Error(t);
  return codecFor(type);
};

describe('column codecs', () => {
  it('converts numbers to bigint for bigint columns and rejects unsafe or fractional ones', () => {
    expect(codec('bigint').toDriver(5, 'f')).toBe(5n);
    expect(codec('bigint').toDriver('-7', 'f')).toBe(-7n);
    expect(() => codec('bigint').toDriver(1.5, 'f')).toThrow(MappingError);
    expect(() => codec('bigint').toDriver(2n ** 64n, 'f')).toThrow(/a 64-bit integer/);
    expect(codec('varint').toDriver(2n ** 80n, 'f')).toBe(2n ** 80n);
  });

  it('checks integer ranges', () => {
    expect(codec('tinyint').toDriver(127, 'f')).toBe(127);
    expect(() => codec('tinyint').toDriver(128, 'f')).toThrow(
      /f: expected an integer of 8 bits, got number 128/,
    );
    expect(() => codec('int').toDriver('1', 'f')).toThrow(MappingError);
  });

  it('reads uuid, inet, decimal, date, time and duration as strings', () => {
    const uuid = types.Uuid.random();
    expect(codec('uuid').fromDriver(uuid)).toBe(uuid.toString());
    expect(codec('inet').fromDriver(types.InetAddress.fromString('10.0.0.1'))).toBe('10.0.0.1');
    expect(codec('decimal').fromDriver(types.BigDecimal.fromString('1.25'))).toBe('1.25');
    expect(codec('date').fromDriver(types.LocalDate.fromString('2024-02-29'))).toBe('2024-02-29');
    expect(codec('duration').toDriver('1h30m', 'f')).toBeInstanceOf(types.Duration);
  });

  it('maps collections element by element and names the bad element', () => {
    expect(codec('list<bigint>').toDriver([1, 2n], 'f')).toEqual([1n, 2n]);
    expect(codec('set<int>').toDriver(new Set([3]), 'f')).toEqual([3]);
    expect(codec('map<text, bigint>').toDriver({ a: 1 }, 'f')).toEqual(new Map([['a', 1n]]));
    expect(() => codec('list<int>').toDriver([1, 'x'], 'tags')).toThrow(/tags: element 1/);
    expect(
      codec('map<text, uuid>').fromDriver(
        new Map([['a', types.Uuid.fromString('0d2ae8f0-4b57-4e1f-9d0e-2dbd3e3b8f11')]]),
      ),
    ).toEqual(new Map([['a', '0d2ae8f0-4b57-4e1f-9d0e-2dbd3e3b8f11']]));
  });

  it('passes null through both ways', () => {
    for (const t of ['text', 'bigint', 'list<int>', 'map<text, int>', 'blob']) {
      expect(codec(t).toDriver(null, 'f')).toBeNull();
      expect(codec(t).fromDriver(null)).toBeNull();
    }
  });

  it('reads durations exactly (the driver rounds 23 months to 2y11mo and renders zero as nothing)', () => {
    const d = (months: number, days: number, nanos: string) =>
      codec('duration').fromDriver(
        types.Duration.fromString(nanos === '0' ? `${months}mo${days}d` : nanos),
      );
    expect(d(23, 0, '0')).toBe('1y11mo');
    expect(d(0, 0, '0')).toBe('0s');
    expect(d(0, 0, '-6mo1d3723000000001ns')).toBe('-6mo1d1h2m3s1ns');
    expect(codec('duration').toDriver(d(23, 0, '0'), 'f')).toEqual(
      types.Duration.fromString('23mo'),
    );
  });

  it('fails if a text value has a lone surrogate (UTF-8 cannot hold it; the driver would store U+FFFD)', () => {
    expect(() => codec('text').toDriver('a\ud800b', 'name (text)')).toThrow(
      /name \(text\): the string has a lone surrogate/,
    );
    expect(codec('text').toDriver('𝄞', 'f')).toBe('𝄞');
  });

  it('takes integral decimal text for varint (what the Ignite tier hands it)', () => {
    expect(codec('varint').toDriver('1E+3', 'f')).toBe(1000n);
    expect(codec('varint').toDriver('12.00', 'f')).toBe(12n);
    expect(() => codec('varint').toDriver('1.5', 'f')).toThrow(MappingError);
  });
});
