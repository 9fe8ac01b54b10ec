/**
 * How a worker picks the next key offset inside its own range of `count` keys. One instance per
 * worker (lane): the state is not shared, so choosing a key costs no coordination.
 */
export const KEY_CHOICES = ['sequential', 'uniform', 'zipfian'] as const;
export type KeyChoiceKind = (typeof KEY_CHOICES)[number];

export interface KeyChooser {
  /** The next offset in `[0, count)`. */
  next(): number;
}

/** Cycles through the range from its start, as the original workers did. */
export function sequentialChooser(count: number): KeyChooser {
  let i = 0;
  return {
    next() {
      const offset = i;
      i = i + 1 === count ? 0 : i + 1;
      return offset;
    },
  };
}

export function uniformChooser(count: number, random: () => number = Math.random): KeyChooser {
  return { next: () => Math.floor(random() * count) };
}

/** ζ(n, θ) = Σ_{i=1..n} 1 / i^θ; O(n), computed once per distinct (n, θ). */
const zetaCache = new Map<string, number>();
function zeta(n: number, theta: number): number {
  const cacheKey = `${n}:${theta}`;
  let z = zetaCache.get(cacheKey);
  if (z === undefined) {
    z = 0;
    for (let i = 1; i <= n; i++) z += 1 / Math.pow(i, theta);
    zetaCache.set(cacheKey, z);
  }
  return z;
}

/**
 * Zipfian offsets (offset 0 the most popular) by the rejection-free method of Gray et al.,
 * "Quickly Generating Billion-Record Synthetic Databases" (SIGMOD 1994), as YCSB does. The hot keys
 * sit at the start of the range, which is where a sequential WRITE puts its first entries.
 */
export function zipfianChooser(
  count: number,
  theta: number,
  random: () => number = Math.random,
): KeyChooser {
  const zetaN = zeta(count, theta);
  const zeta2 = zeta(Math.min(2, count), theta);
  const alpha = 1 / (1 - theta);
  const eta = (1 - Math.pow(2 / count, 1 - theta)) / (1 - zeta2 / zetaN);
  const half = 1 + Math.pow(0.5, theta);
  return {
    next() {
      const u = random();
      const uz = u * zetaN;
      if (uz < 1) return 0;
      if (uz < half) return Math.min(1, count - 1);
      return Math.min(count - 1, Math.floor(count * Math.pow(eta * u - eta + 1, alpha)));
    },
  };
}

export function keyChooser(kind: KeyChoiceKind, count: number, zipfTheta: number): KeyChooser {
  switch (kind) {
    case 'sequential':
      return sequentialChooser(count);
    case 'uniform':
      return uniformChooser(count);
    case 'zipfian':
      return zipfianChooser(count, zipfTheta);
  }
}
