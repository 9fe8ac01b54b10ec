import fc from 'fast-check';

import { decimalsEqual, parseDecimal, stripTrailingZeros } from '../../../common/decimal';
import { WireReader } from '../../../ignite/protocol/reader';
import { WireWriter } from '../../../ignite/protocol/writer';
import { wireTypeOf } from '../../../ignite/sidecar/mapping';
import { fromClientValue, thinClientTypeOf, toClientValue } from '../../../ignite/thin-client';
import { codecFor } from '../../../store/mapping/codecs';
import { parseCqlType, type CqlType } from '../../../store/settings/cql-types';
import { COLLECTION_SAMPLES, NATIVE_SAMPLES, nullable } from '../../support/cql-arbitraries';

// The client's own encoder and buffer: values go through the exact bytes it would send to Ignite.
/* eslint-disable @typescript-eslint/no-require-imports */
const BinaryCommunicator = require('apache-ignite-client/lib/internal/BinaryCommunicator') as new (
  socket: null,
) => {
  writeObject(buffer: unknown, object: unknown, type: unknown): Promise<void>;
  readObject(buffer: unknown, type: unknown): Promise<unknown>;
};
const MessageBuffer = require('apache-ignite-client/lib/internal/MessageBuffer') as new () => {
  position: number;
};
/* eslint-enable @typescript-eslint/no-require-imports */

const RUNS = { seed: 12, numRuns: 300 };
/** Cases each property ran, printed at the end for the report. */
const ran: Record<string, number> = {};

const type = (t: string): CqlType => parseCqlType(t)!;

/** What the store takes back from the Ignite tier must be what it would have read from Cassandra. */
function sameForStore(t: CqlType, actual: unknown, canonical: unknown): void {
  if (t.kind === 'native' && t.name === 'decimal' && canonical !== null) {
    // The thin client keeps the value, not the scale (decimal.js strips trailing zeros).
    expect(decimalsEqual(parseDecimal(actual as string)!, parseDecimal(canonical as string)!)).toBe(
      true,
    );
  } else if (t.kind === 'list' && t.element === 'decimal' && Array.isArray(canonical)) {
    (actual as unknown[]).forEach((a, i) => {
      expect(decimalsEqual(parseDecimal(String(a))!, parseDecimal(String(canonical[i]))!)).toBe(
        true,
      );
    });
  } else {
    expect(actual).toEqual(canonical);
  }
}

/** Thin-client types of columns this client 1.0.0 can carry as native fields. */
const THIN_NATIVE = Object.keys(NATIVE_SAMPLES).filter(
  // 64-bit values beyond ±2^53 are refused by toClientValue (the client writes longs from numbers).
  (t) => t !== 'bigint',
);

/** A decimal at the scale limit that the client's stripping of trailing zeros pushes past 32 bits. */
function beyondThinClient(name: string, canonical: unknown): boolean {
  if (name !== 'decimal' || typeof canonical !== 'string') return false;
  return stripTrailingZeros(parseDecimal(canonical)!).scale < -(2 ** 31);
}

const PRIMITIVE = new Set(['int', 'smallint', 'tinyint', 'double', 'float', 'boolean']);
const AS_GIVEN = new Set(['time', 'inet', 'duration', 'date']);

describe('thin-client conversions (toClientValue → client bytes → fromClientValue)', () => {
  const comm = new BinaryCommunicator(null);

  async function roundTrip(t: CqlType, value: unknown): Promise<unknown> {
    const buffer = new MessageBuffer();
    await comm.writeObject(buffer, toClientValue(value, t), thinClientTypeOf(t));
    buffer.position = 0;
    return fromClientValue(await comm.readObject(buffer, thinClientTypeOf(t)), t);
  }

  // Issue 12, found 3: the client refused bytes ≥ 0x80 ("Value 154 can not be cast to byte").
  it('carries blob bytes ≥ 0x80', async () => {
    const bytes = Buffer.from([0x9a, 0x80, 0xff, 0x00, 0x7f]);
    expect(await roundTrip(type('blob'), bytes)).toEqual(bytes);
  });

  it('keeps decimals of more than 20 digits exact (the client rounded them on read)', async () => {
    expect(await roundTrip(type('decimal'), '123456789012345678901234567890.5')).toBe(
      '123456789012345678901234567890.5',
    );
    expect(await roundTrip(type('decimal'), '1000')).toBe('1E+3');
    expect(() => toClientValue(0.1, type('decimal'))).toThrow(/0.1 is not an exact decimal/);
  });

  it.each(THIN_NATIVE)('property: %s survives the client unchanged', async (name) => {
    const t = type(name);
    let n = 0;
    // The client cannot write null into a primitive field (pojoWriter refuses it with a message).
    const arb = PRIMITIVE.has(name) ? NATIVE_SAMPLES[name]! : nullable(NATIVE_SAMPLES[name]!);
    await fc.assert(
      fc.asyncProperty(arb, async ({ value, canonical }) => {
        n++;
        if (beyondThinClient(name, canonical)) {
          expect(() => toClientValue(value, t)).toThrow(/scale without trailing zeros/);
          return;
        }
        const back = await roundTrip(t, value);
        // Text types travel as the strings given (Cassandra, not Ignite, canonicalises them).
        sameForStore(t, back, AS_GIVEN.has(name) ? value : canonical);
      }),
      RUNS,
    );
    ran[`thin-client ${name}`] = n;
  });

  it('property: bigint within ±2^53 survives; beyond is refused, never rounded', async () => {
    const t = type('bigint');
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), async (v) => {
        n++;
        if (v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER))
          expect(await roundTrip(t, v)).toBe(v);
        else expect(() => toClientValue(v, t)).toThrow(/beyond ±2\^53/);
      }),
      RUNS,
    );
    ran['thin-client bigint'] = n;
  });

  it.each(['list<int>', 'set<text>', 'list<decimal>'])(
    'property: %s survives the client (as a typed array)',
    async (name) => {
      const t = type(name);
      let n = 0;
      await fc.assert(
        fc.asyncProperty(COLLECTION_SAMPLES[name]!, async ({ value, canonical }) => {
          n++;
          if (
            t.kind === 'list' &&
            t.element === 'decimal' &&
            Array.isArray(canonical) &&
            canonical.some((c) => beyondThinClient('decimal', c))
          ) {
            expect(() => toClientValue(value, t)).toThrow(/scale without trailing zeros/);
            return;
          }
          const back = (await roundTrip(t, value)) as unknown[] | null;
          // The client keeps order and duplicates; Cassandra orders sets and reads empty as null.
          const expected = Array.isArray(value) ? value : null;
          if (t.kind === 'set') expect(back).toEqual(expected);
          else sameForStore(t, back && back.length ? back : null, canonical);
        }),
        RUNS,
      );
      ran[`thin-client ${name}`] = n;
    },
  );
});

describe('bridge codec (store value → wire → sidecar reader → store codec)', () => {
  /** What the sidecar hands the store for a wire value read from Ignite. */
  function throughBridge(t: CqlType, value: unknown): unknown {
    const w = WireWriter.bare().value(value, wireTypeOf(t));
    const r = new WireReader(w.bytes(), 0);
    const read = r.value();
    expect(r.remaining).toBe(0);
    return read;
  }

  const BRIDGE_NATIVE = Object.keys(NATIVE_SAMPLES).filter((t) => t !== 'blob');

  it.each(BRIDGE_NATIVE)('property: %s crosses the bridge exactly', (name) => {
    const t = type(name);
    const codec = codecFor(t);
    let n = 0;
    fc.assert(
      fc.property(nullable(NATIVE_SAMPLES[name]!), ({ canonical }) => {
        n++;
        // What the store read (canonical) goes to Ignite and comes back from it.
        const back = throughBridge(t, canonical);
        if (name === 'varint' && back !== null) {
          // Ignite's field is a DECIMAL: the store's varint takes its integer text exactly.
          expect(codec.toDriver(back, 'f')).toBe(canonical);
        } else {
          expect(back).toEqual(canonical);
        }
        // And the store accepts it as it is.
        if (back !== null) expect(() => codec.toDriver(back, 'f')).not.toThrow();
      }),
      RUNS,
    );
    ran[`bridge ${name}`] = n;
  });

  it('property: blob crosses the bridge exactly', () => {
    let n = 0;
    fc.assert(
      fc.property(NATIVE_SAMPLES.blob!, ({ canonical }) => {
        n++;
        expect(Buffer.from(throughBridge(type('blob'), canonical) as Uint8Array)).toEqual(
          canonical,
        );
      }),
      RUNS,
    );
    ran['bridge blob'] = n;
  });

  afterAll(() => {
    process.stdout.write(`property cases: ${JSON.stringify(ran)}\n`);
  });
});
