/**
 * fast-check generators of store values per CQL type, each paired with its canonical form: the
 * value the store reads back (and what Cassandra holds, rendered by the store's read rules). Edge
 * values are mixed in on purpose: type limits, NaN/±Infinity/−0, empty and non-BMP strings,
 * pre-1970 timestamps, negative and extreme decimal scales, bytes ≥ 0x80, nulls, empty collections
 * (which Cassandra keeps as null).
 */
import { types } from 'cassandra-driver';
import fc from 'fast-check';

import { formatDecimal } from '../../common/decimal';
import { formatDuration } from '../../store/mapping/duration';

/** A value to write and what reading it back must give. */
export interface Sample {
  readonly value: unknown;
  readonly canonical: unknown;
}

const same = (arb: fc.Arbitrary<unknown>): fc.Arbitrary<Sample> =>
  arb.map((value) => ({ value, canonical: value }));

const int = (bits: number): fc.Arbitrary<number> => {
  const max = 2 ** (bits - 1) - 1;
  return fc.oneof(fc.constantFrom(-max - 1, max, 0, -1), fc.integer({ min: -max - 1, max }));
};

const INT64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };

const text = fc.oneof(
  fc.constantFrom('', '𝄞', '😀 emoji', 'é\u0000nul', '\uffff', 'a'.repeat(300)),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

const double = fc.oneof(
  fc.constantFrom(
    Number.NaN,
    Infinity,
    -Infinity,
    -0,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    -Number.MAX_VALUE,
  ),
  fc.double(),
);

/** A decimal as (unscaled, scale), scales of every sign and the int32 limits included. */
export const decimalParts = fc.record({
  unscaled: fc.oneof(
    fc.constantFrom(0n, 1n, -1n, 10n, 1000n),
    fc.bigInt({ min: -(2n ** 130n), max: 2n ** 130n }),
  ),
  scale: fc.oneof(
    fc.constantFrom(0, -3, 3, 2 ** 31 - 1, -(2 ** 31)),
    fc.integer({ min: -40, max: 40 }),
  ),
});

/** A decimal string in the canonical form, or the same number in another notation that parses to the same parts. */
const decimal: fc.Arbitrary<Sample> = decimalParts.chain(({ unscaled, scale }) => {
  const canonical = formatDecimal(unscaled, scale);
  const digits = (unscaled < 0n ? -unscaled : unscaled).toString();
  // The same (unscaled, scale) in exponent notation: digits E −scale.
  const exponent = `${unscaled < 0n ? '-' : ''}${digits}e${-scale}`;
  const forms: unknown[] = [canonical, exponent];
  if (scale === 0) forms.push(unscaled);
  if (
    scale === 0 &&
    unscaled >= BigInt(Number.MIN_SAFE_INTEGER) &&
    unscaled <= BigInt(Number.MAX_SAFE_INTEGER)
  )
    forms.push(Number(unscaled));
  return fc.constantFrom(...forms).map((value) => ({ value, canonical }));
});

const MS_LIMIT = 8_640_000_000_000_000;
const timestamp = fc
  .oneof(
    fc.constantFrom(
      0,
      -1,
      -MS_LIMIT,
      MS_LIMIT,
      Date.UTC(1900, 0, 1),
      Date.UTC(1969, 11, 31, 23, 59, 59, 999),
    ),
    fc.integer({ min: -MS_LIMIT, max: MS_LIMIT }),
  )
  .map((ms) => new Date(ms));

const date = fc.oneof(
  fc.constantFrom('1970-01-01', '0001-01-01', '9999-12-31', '1969-12-31', '2000-02-29'),
  fc
    .integer({ min: Date.UTC(1, 0, 1) / 86_400_000, max: Date.UTC(9999, 11, 31) / 86_400_000 })
    .map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10)),
);

const NANOS_PER_DAY = 86_400n * 1_000_000_000n;
const two = (n: bigint): string => n.toString().padStart(2, '0');
const time: fc.Arbitrary<Sample> = fc
  .oneof(
    fc.constantFrom(0n, NANOS_PER_DAY - 1n, 1n),
    fc.bigInt({ min: 0n, max: NANOS_PER_DAY - 1n }),
  )
  .map((n) => {
    const s = n / 1_000_000_000n;
    const text = `${two(s / 3600n)}:${two((s / 60n) % 60n)}:${two(s % 60n)}.${(n % 1_000_000_000n).toString().padStart(9, '0')}`;
    const canonical = types.LocalTime.fromString(text).toString();
    return { value: text, canonical };
  });

const inet: fc.Arbitrary<Sample> = fc
  .oneof(
    fc.ipV4(),
    // The driver takes embedded IPv4 only in IPv4-mapped form.
    fc.ipV6().filter((a) => !a.includes('.')),
  )
  .map((value) => ({
    value,
    canonical: types.InetAddress.fromString(value).toString(),
  }));

const duration: fc.Arbitrary<Sample> = fc
  .tuple(
    fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    fc.bigInt({ min: 0n, max: INT64.max }),
    fc.boolean(),
  )
  .map(([months, days, nanos, negative]) => {
    const value = `${negative ? '-' : ''}${months}mo${days}d${nanos}ns`;
    const canonical = formatDuration(types.Duration.fromString(value));
    return { value, canonical };
  });

const blob = fc
  .oneof(
    fc.constant(new Uint8Array(0)),
    fc.constant(Uint8Array.from([0x80, 0x9a, 0xff, 0x00, 0x7f])),
    fc.uint8Array({ maxLength: 64 }),
  )
  .map((bytes) => ({ value: Buffer.from(bytes), canonical: Buffer.from(bytes) }));

/** Generators of one value per native CQL type the store maps. */
export const NATIVE_SAMPLES: Readonly<Record<string, fc.Arbitrary<Sample>>> = {
  text: same(text),
  varchar: same(text),
  ascii: same(
    fc.oneof(
      fc.constantFrom('', '\u007f', '\u0000'),
      fc.string({
        unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)),
        maxLength: 40,
      }),
    ),
  ),
  int: same(int(32)),
  smallint: same(int(16)),
  tinyint: same(int(8)),
  bigint: same(fc.oneof(fc.constantFrom(INT64.min, INT64.max, 0n), fc.bigInt(INT64))),
  varint: same(
    fc.oneof(
      fc.constantFrom(0n, -1n, 2n ** 200n, -(2n ** 200n)),
      fc.bigInt({ min: -(2n ** 300n), max: 2n ** 300n }),
    ),
  ),
  double: same(double),
  float: same(double.map((d) => Math.fround(d))),
  boolean: same(fc.boolean()),
  decimal,
  timestamp: same(timestamp),
  date: same(date),
  time,
  uuid: same(fc.uuid()),
  timeuuid: same(fc.uuid({ version: 1 })),
  inet,
  blob,
  duration,
};

/** UTF-8 byte order: how Cassandra sorts text set elements and map keys. */
const utf8Order = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** Collection columns with their canonical reads (ordered, deduplicated; empty reads as null). */
export const COLLECTION_SAMPLES: Readonly<Record<string, fc.Arbitrary<Sample>>> = {
  'list<int>': fc
    .array(int(32), { maxLength: 8 })
    .map((v) => ({ value: v, canonical: v.length ? v : null })),
  'set<text>': fc.array(text, { maxLength: 8 }).map((v) => {
    const sorted = [...new Set(v)].sort(utf8Order);
    return { value: v, canonical: sorted.length ? sorted : null };
  }),
  'map<text, bigint>': fc
    .dictionary(fc.string({ maxLength: 8 }), fc.bigInt(INT64), { maxKeys: 6 })
    .map((o) => {
      const entries = Object.entries(o).sort(([a], [b]) => utf8Order(a, b));
      return { value: o, canonical: entries.length ? new Map(entries) : null };
    }),
  'list<decimal>': fc.array(decimal, { maxLength: 5 }).map((v) => ({
    value: v.map((s) => s.value),
    canonical: v.length ? v.map((s) => s.canonical) : null,
  })),
};

/** With null mixed in (one case in ten): null is stored as nothing and read back as null. */
export function nullable(arb: fc.Arbitrary<Sample>): fc.Arbitrary<Sample> {
  return fc.oneof(
    { weight: 9, arbitrary: arb },
    { weight: 1, arbitrary: fc.constant({ value: null, canonical: null }) },
  );
}
