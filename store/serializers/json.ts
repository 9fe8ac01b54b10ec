import type { Serializer } from './serializer';

/** Tags for the JS types JSON has no syntax for; everything else is plain JSON (readable by anything). */
function replacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  if (typeof raw === 'bigint') return { $bigint: raw.toString() };
  if (raw instanceof Date) return { $date: raw.toISOString() };
  if (raw instanceof Map) return { $map: [...raw] };
  if (raw instanceof Set) return { $set: [...raw] };
  if (raw instanceof Uint8Array) return { $base64: Buffer.from(raw).toString('base64') };
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const v = value as Record<string, unknown>;
  const keys = Object.keys(v);
  if (keys.length !== 1) return value;
  if (typeof v.$bigint === 'string') return BigInt(v.$bigint);
  if (typeof v.$date === 'string') return new Date(v.$date);
  if (Array.isArray(v.$map)) return new Map(v.$map as [unknown, unknown][]);
  if (Array.isArray(v.$set)) return new Set(v.$set);
  if (typeof v.$base64 === 'string') return Buffer.from(v.$base64, 'base64');
  return value;
}

/** UTF-8 JSON: human-readable in cqlsh; bigint, Date, Map, Set and bytes are tagged objects. */
export const jsonSerializer: Serializer = {
  name: 'json',
  id: 2,
  encode: (value) => Buffer.from(JSON.stringify(value, replacer), 'utf8'),
  decode: (bytes) =>
    JSON.parse(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8'),
      reviver,
    ) as unknown,
};
