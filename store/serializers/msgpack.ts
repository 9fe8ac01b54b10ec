import { decode, Encoder, ExtensionCodec } from '@msgpack/msgpack';

import type { Serializer } from './serializer';

/**
 * MessagePack extensions for the JS types MessagePack has no type for, so they round-trip instead
 * of turning into strings or plain objects. (Timestamps use MessagePack's own Date extension.)
 */
const BIGINT = 1;
const MAP = 2;
const SET = 3;

const extensions = new ExtensionCodec();
extensions.register({
  type: BIGINT,
  encode: (value) =>
    typeof value === 'bigint' ? new TextEncoder().encode(value.toString()) : null,
  decode: (data) => BigInt(new TextDecoder().decode(data)),
});
extensions.register({
  type: MAP,
  encode: (value) => (value instanceof Map ? encoder.encode([...value]) : null),
  decode: (data) => new Map(decode(data, { extensionCodec: extensions }) as [unknown, unknown][]),
});
extensions.register({
  type: SET,
  encode: (value) => (value instanceof Set ? encoder.encode([...value]) : null),
  decode: (data) => new Set(decode(data, { extensionCodec: extensions }) as unknown[]),
});

const encoder = new Encoder({ extensionCodec: extensions, ignoreUndefined: false });

/** The default serializer: compact, fast, language-neutral (readable from Java, Python, Go…). */
export const msgpackSerializer: Serializer = {
  name: 'msgpack',
  id: 1,
  encode: (value) => encoder.encode(value),
  decode: (bytes) => decode(bytes, { extensionCodec: extensions }),
};
