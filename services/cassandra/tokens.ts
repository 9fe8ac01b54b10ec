const RING_MIN = -(2n ** 63n);
const RING_SIZE = 2n ** 64n;

/** Murmur3 tokens spread evenly over the ring, one per node (as ccm does for `num_tokens: 1`). */
export function balancedTokens(nodes: number): string[] {
  return Array.from({ length: nodes }, (_, i) =>
    String(RING_MIN + (RING_SIZE * BigInt(i)) / BigInt(nodes)),
  );
}
