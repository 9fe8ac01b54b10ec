import { isDeepStrictEqual } from 'node:util';

/** Value generator kinds. */
export const VALUE_GENERATORS = ['long', 'string', 'person', 'bytes'] as const;
export type ValueGeneratorKind = (typeof VALUE_GENERATORS)[number];

/** Makes the value of index `i` and checks a value read back. */
export interface ValueGenerator<V = unknown> {
  readonly kind: ValueGeneratorKind;
  generate(index: number): V;
  /** True when `actual` (as a target returned it) is the value of `expected`. */
  matches(expected: V, actual: unknown): boolean;
}

/** The original module's Person POJO, with the same derivation from the index. */
export interface Person {
  readonly personNumber: bigint;
  readonly firstName: string;
  readonly lastName: string;
  readonly age: number;
  readonly married: boolean;
  readonly height: bigint;
  readonly weight: number;
  readonly birthDate: Date;
  readonly phones: readonly string[];
}

// Shared, never mutated: the original used one fixed birth date and three fixed phone numbers.
const BIRTH_DATE = new Date(Date.UTC(1980, 0, 1));
const PHONES: readonly string[] = Object.freeze(['1234567', '7654321', '5555555']);

export const longValues: ValueGenerator<bigint> = {
  kind: 'long',
  generate: (i) => BigInt(i),
  matches: (expected, actual) => actual === expected,
};

export const stringValues: ValueGenerator<string> = {
  kind: 'string',
  generate: (i) => String(i),
  matches: (expected, actual) => actual === expected,
};

export const personValues: ValueGenerator<Person> = {
  kind: 'person',
  generate(i) {
    const name = String(i);
    return {
      personNumber: BigInt(i),
      firstName: name,
      lastName: name,
      age: i % 100,
      married: i % 2 === 0,
      height: BigInt(i),
      weight: i,
      birthDate: BIRTH_DATE,
      phones: PHONES,
    };
  },
  matches: (expected, actual) =>
    typeof actual === 'object' && actual !== null && isDeepStrictEqual({ ...actual }, expected),
};

/** 32-bit PRNG (mulberry32): deterministic bytes without a dependency. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

const POOL_BYTES = 1 << 20;

/**
 * Random bytes of a fixed size. Generating fresh bytes per operation would cost the runner more than
 * some targets do, so every value is a view into one pseudo-random pool at an offset derived from
 * the index: deterministic (a read can check it) and free of per-call copying. Targets must not
 * modify the buffers they are given.
 */
export function bytesValues(sizeBytes: number): ValueGenerator<Buffer> {
  const pool = Buffer.allocUnsafe(POOL_BYTES + sizeBytes);
  const next = mulberry32(0x1517);
  for (let i = 0; i + 4 <= pool.length; i += 4) pool.writeUInt32LE(next(), i);
  return {
    kind: 'bytes',
    generate(i) {
      // Knuth's multiplicative hash spreads consecutive indexes across the pool.
      const offset = (Math.imul(i % 0x7fffffff, 0x9e3779b1) >>> 0) % POOL_BYTES;
      return pool.subarray(offset, offset + sizeBytes);
    },
    matches: (expected, actual) => Buffer.isBuffer(actual) && expected.equals(actual),
  };
}

export function valueGenerator(kind: ValueGeneratorKind, sizeBytes: number): ValueGenerator {
  switch (kind) {
    case 'long':
      return longValues;
    case 'string':
      return stringValues;
    case 'person':
      return personValues;
    case 'bytes':
      return bytesValues(sizeBytes);
  }
}
