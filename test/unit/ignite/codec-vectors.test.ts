import vectorsFile from '../../fixtures/bridge-codec-vectors.json';
import { Op } from '../../../ignite/protocol/constants';
import { FrameDecoder } from '../../../ignite/protocol/frames';
import { WireReader } from '../../../ignite/protocol/reader';
import { multiAnswer } from '../../../ignite/sidecar/multi';
import { MappingError } from '../../../store';
import { WireObject, type WireType } from '../../../ignite/protocol/values';
import { WireWriter } from '../../../ignite/protocol/writer';

/**
 * The TS half of the shared codec vectors: the bytes in the fixture were written by the Java
 * bridge's encoder (CodecVectors encode); the TS codec must write the same bytes from the same
 * values and read them back to these values. (test/integration/ignite/codec-java.test.ts checks the
 * Java half against the same file.)
 */
interface Vector {
  /** The value as TS passes it to the writer. */
  readonly value: unknown;
  readonly type?: WireType;
  /** The value the reader returns, when it differs from `value`. */
  readonly decoded?: unknown;
  /** Java writes what TS cannot produce (nanoseconds of a Timestamp): check decoding only. */
  readonly decodeOnly?: true;
}

const person = (): WireObject => {
  const address = new WireObject('com.acme.Address', { city: 'Oslo' }, { city: 'string' });
  return new WireObject(
    'com.acme.Person',
    { id: 7n, name: 'Ann', tags: ['p', 'q'], scores: [1n, 2n], address, age: null, note: 'free' },
    {
      id: 'long',
      name: 'string',
      tags: { list: 'string' },
      scores: { array: 'long' },
      address: 'object',
      age: 'int',
    },
  );
};

const TS_VECTORS: Readonly<Record<string, Vector>> = {
  null: { value: null },
  'bool-true': { value: true },
  'byte-neg': { value: -5, type: 'byte' },
  short: { value: 1234, type: 'short' },
  'int-neg': { value: -123456789, type: 'int' },
  'long-min': { value: -(2n ** 63n) },
  'long-one': { value: 1, type: 'long', decoded: 1n },
  float: { value: 3.5, type: 'float' },
  double: { value: -0.1 },
  char: { value: 'é', type: 'char' },
  'string-unicode': { value: 'héllo ✓ 𝄞' },
  'string-empty': { value: '' },
  bytes: { value: Buffer.from([0, 1, 0xff]) },
  uuid: { value: '123e4567-e89b-12d3-a456-426614174000', type: 'uuid' },
  date: { value: new Date(1700000000123) },
  'timestamp-nanos': { value: new Date(1700000000123), decodeOnly: true },
  'decimal-neg': { value: '-12.340', type: 'decimal' },
  'decimal-zero': { value: 0, type: 'decimal', decoded: '0' },
  'decimal-neg-scale': { value: '1E+3', type: 'decimal' },
  'decimal-big': { value: '123456789012345678901234567890.5', type: 'decimal' },
  biginteger: { value: 2n ** 70n, type: 'decimal', decoded: (2n ** 70n).toString() },
  list: { value: [1, 'a', null] },
  set: { value: new Set(['x', 'y']) },
  map: {
    value: new Map([
      ['a', 1n],
      ['b', 2n],
    ]),
  },
  object: { value: person() },
};

describe('codec vectors shared with the Java bridge', () => {
  const vectors = vectorsFile.vectors;

  it('covers the same vectors on both sides', () => {
    expect(vectors.map((v) => v.name).sort()).toEqual(Object.keys(TS_VECTORS).sort());
  });

  it.each(vectors.map((v) => [v.name, v.hex] as const))(
    '%s: TS writes the Java bytes',
    (name, hex) => {
      const v = TS_VECTORS[name]!;
      if (v.decodeOnly) return;
      const w = WireWriter.bare();
      if (name === 'list') {
        // [Integer 1, "a", null]: a mixed list, written element by element with their Java types
        // (untyped JS numbers are doubles).
        w.u8(16).u32(3).value(1, 'int').value('a').value(null);
      } else {
        w.value(v.value, v.type);
      }
      expect(w.bytes().toString('hex')).toBe(hex);
    },
  );

  it.each(vectors.map((v) => [v.name, v.hex] as const))(
    '%s: TS reads the Java bytes',
    (name, hex) => {
      const v = TS_VECTORS[name]!;
      const bytes = Buffer.from(hex, 'hex');
      const r = new WireReader(bytes, 0);
      const value = r.value();
      expect(r.remaining).toBe(0);
      const expected = v.decoded ?? v.value;
      if (expected instanceof WireObject) {
        expect(value).toBeInstanceOf(WireObject);
        const o = value as WireObject;
        expect(o.typeName).toBe(expected.typeName);
        expect(Object.keys(o.fields)).toEqual(Object.keys(expected.fields));
        expect((o.fields.address as WireObject).fields.city).toBe('Oslo');
        expect({ ...o.fields, address: undefined }).toEqual({
          ...expected.fields,
          address: undefined,
        });
        expect(o.types).toMatchObject({
          id: 'long',
          name: 'string',
          scores: { array: 'long' },
          age: 'int',
          note: 'any',
        });
      } else {
        expect(value).toEqual(expected);
      }
    },
  );
});

/** The coalesced-call frames of protocol 2 (`CodecVectors frames` writes the request bytes). */
describe('coalesced-call frames shared with the Java bridge', () => {
  const frames = Object.fromEntries(vectorsFile.frames.map((f) => [f.name, f.hex]));

  it('TS writes the request frames the bridge writes', () => {
    const hex = (w: WireWriter): string => w.finish().toString('hex');
    expect(
      hex(
        WireWriter.frame(Op.WRITE_MULTI, 7)
          .str('kv')
          .u32(2)
          .value(1n)
          .value('a')
          .value(2n)
          .value('b'),
      ),
    ).toBe(frames['write-multi']);
    expect(hex(WireWriter.frame(Op.LOAD_MULTI, 8).str('kv').u32(2).value(1n).value(1n))).toBe(
      frames['load-multi'],
    );
    expect(hex(WireWriter.frame(Op.DELETE_MULTI, 9).str('kv').u32(1).value('k'))).toBe(
      frames['delete-multi'],
    );
  });

  it('the sidecar reads a WRITE_MULTI frame of the bridge', () => {
    const [frame] = new FrameDecoder().push(Buffer.from(frames['write-multi'] as string, 'hex'));
    expect(frame).toMatchObject({ code: Op.WRITE_MULTI, requestId: 7 });
    const r = new WireReader(frame!.buf, frame!.bodyOffset, frame!.end);
    expect([r.str(), r.count(), r.value(), r.value(), r.value(), r.value()]).toEqual([
      'kv',
      2,
      1n,
      'a',
      2n,
      'b',
    ]);
    expect(r.remaining).toBe(0);
  });

  it('the sidecar writes the multi answer the bridge reads (checked in Java by codec-java)', () => {
    const answer = multiAnswer(
      9,
      [{ ok: true, value: 'x' }, { ok: false, error: new MappingError('bad key') }, { ok: true }],
      (w, v) => w.value(v),
    );
    expect(answer.toString('hex')).toBe(vectorsFile.multiAnswer.hex);
  });
});
