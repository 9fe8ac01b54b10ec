import { deserialize, serialize } from '../../../store/serializers/serializer';
import {
  jsonSerializer,
  msgpackSerializer,
  SerializationError,
  v8Serializer,
  type Serializer,
} from '../../../store';

const sample = {
  n: 42,
  big: 12345678901234567890n,
  s: 'héllo',
  when: new Date(1_700_000_000_000),
  tags: ['a', 'b'],
  nested: { m: new Map<unknown, unknown>([['k', 1n]]), set: new Set([1, 2]) },
  nil: null,
};

/**
 * Maps and Sets as tagged arrays: v8.deserialize builds them in Node's main realm, which Jest's
 * sandboxed equality cannot iterate.
 */
function plain(value: unknown): unknown {
  const tag = Object.prototype.toString.call(value);
  if (tag === '[object Map]')
    return { map: [...(value as Map<unknown, unknown>)].map(([k, v]) => [plain(k), plain(v)]) };
  if (tag === '[object Set]') return { set: [...(value as Set<unknown>)].map(plain) };
  if (tag === '[object Date]') return { date: (value as Date).getTime() };
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

describe('serializers', () => {
  it.each([
    ['msgpack', msgpackSerializer],
    ['json', jsonSerializer],
    ['v8', v8Serializer],
  ])('%s round-trips values, bigint, Date, Map and Set included', (_name, s: Serializer) => {
    const back = deserialize(s, serialize(s, sample), 'value');
    expect(plain(back)).toEqual(plain(sample));
  });

  it('refuses bytes written by another serializer, naming it', () => {
    const bytes = serialize(jsonSerializer, sample);
    expect(() => deserialize(msgpackSerializer, bytes, 'value of key 1')).toThrow(
      new SerializationError(
        'value of key 1: the stored bytes were written by serializer id 2 (json), but this store reads them with the msgpack serializer (id 1).',
      ),
    );
  });

  it('recognises Java serialization from the original store and bytes without a header', () => {
    expect(() =>
      deserialize(msgpackSerializer, Buffer.from([0xac, 0xed, 0x00, 0x05]), 'v'),
    ).toThrow(/Java object serialization/);
    expect(() => deserialize(msgpackSerializer, Buffer.from('{"a":1}'), 'v')).toThrow(
      /no serializer header/,
    );
  });

  it('wraps a decoder failure in a SerializationError', () => {
    const broken = Buffer.from([0xc1, 1, 0xc1]);
    expect(() => deserialize(msgpackSerializer, broken, 'v')).toThrow(SerializationError);
  });
});
