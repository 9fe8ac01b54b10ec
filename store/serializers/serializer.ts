import { SerializationError } from '../errors';

/**
 * Turns values into bytes for BLOB columns (the BLOB strategy, and POJO fields whose type has no
 * CQL mapping). Built-ins: MessagePack (default), JSON and Node's structured clone (v8); plug in
 * your own by implementing this interface and passing it in the settings.
 *
 * Serializers rebuild data, not class instances: a BLOB value whose class is registered with the
 * settings gets that class's prototype back; otherwise plain objects.
 */
export interface Serializer {
  /** The name descriptors use (`serializer="msgpack"`). */
  readonly name: string;
  /**
   * Stored in every value's 2-byte header, so that bytes written by another serializer are
   * recognised instead of decoded into garbage. 1–15 are the built-ins'; use 16–255.
   */
  readonly id: number;
  encode(value: unknown): Uint8Array;
  decode(bytes: Uint8Array): unknown;
}

/** First header byte: 0xC1 is never used by MessagePack and never starts JSON or v8 output. */
const MAGIC = 0xc1;

const KNOWN_IDS: Record<number, string> = { 1: 'msgpack', 2: 'json', 3: 'v8' };

/** Encodes `value` with `serializer` behind the 2-byte header. */
export function serialize(serializer: Serializer, value: unknown): Buffer {
  const body = serializer.encode(value);
  const out = Buffer.allocUnsafe(body.length + 2);
  out[0] = MAGIC;
  out[1] = serializer.id;
  out.set(body, 2);
  return out;
}

function guessFormat(bytes: Uint8Array): string {
  if (bytes[0] === 0xac && bytes[1] === 0xed)
    return 'Java object serialization (the original Java store)';
  if (bytes[0] === MAGIC)
    return `serializer id ${bytes[1] ?? '?'} (${KNOWN_IDS[bytes[1] ?? -1] ?? 'a custom serializer'})`;
  return 'no serializer header: not written by this store';
}

/**
 * Decodes bytes written by {@link serialize}; raises {@link SerializationError} naming the format
 * that wrote them when they were not written by `serializer`.
 */
export function deserialize(serializer: Serializer, bytes: Uint8Array, where: string): unknown {
  if (bytes.length < 2 || bytes[0] !== MAGIC || bytes[1] !== serializer.id) {
    throw new SerializationError(
      `${where}: the stored bytes were written by ${guessFormat(bytes)}, but this store reads them with the ${serializer.name} serializer (id ${serializer.id}).`,
      { hint: 'Configure the serializer that wrote the data, or rewrite the rows with this one.' },
    );
  }
  try {
    return serializer.decode(bytes.subarray(2));
  } catch (error) {
    throw new SerializationError(
      `${where}: the ${serializer.name} serializer cannot decode the stored bytes: ${String(error)}`,
      {
        cause: error,
      },
    );
  }
}
