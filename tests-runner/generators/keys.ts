/**
 * Key and value generators: pure functions of a long index, so that a read can regenerate the
 * value it expects and every node and worker owns a disjoint index range (see {@link keyIndexBase}).
 * The original module's generators map the same way (`LongGenerator` → i, `StringGenerator` →
 * decimal string of i, `PersonGenerator` → a Person built from i).
 */

/** Key generator kinds. */
export const KEY_GENERATORS = ['long', 'string'] as const;
export type KeyGeneratorKind = (typeof KEY_GENERATORS)[number];

/** Makes the key of index `i`. */
export interface KeyGenerator<K = unknown> {
  readonly kind: KeyGeneratorKind;
  generate(index: number): K;
}

/** CQL bigint keys as JS bigint (what the driver and the store read back). */
export const longKeys: KeyGenerator<bigint> = { kind: 'long', generate: (i) => BigInt(i) };

/** Decimal strings, as the original `StringGenerator`. */
export const stringKeys: KeyGenerator<string> = { kind: 'string', generate: (i) => String(i) };

export function keyGenerator(kind: KeyGeneratorKind): KeyGenerator {
  return kind === 'long' ? longKeys : stringKeys;
}

/**
 * Index ranges: node n, lane (worker) w owns `[n * NODE_KEY_STRIDE + w * perWorker, … + perWorker)`.
 * The original derived a prefix from the node's IP octets, which collides when two hosts share the
 * last octets; the node index given to each node cannot.
 */
export const NODE_KEY_STRIDE = 1e12;
/** Node indexes stay below this so every key index is a safe integer (< 2^53). */
export const MAX_NODE_INDEX = 9000;

/** The first key index of worker `lane` on node `nodeIndex`. */
export function keyIndexBase(nodeIndex: number, lane: number, perWorker: number): number {
  return nodeIndex * NODE_KEY_STRIDE + lane * perWorker;
}
