import {
  keyChooser,
  sequentialChooser,
  zipfianChooser,
} from '../../tests-runner/generators/key-choice';
import {
  keyIndexBase,
  longKeys,
  NODE_KEY_STRIDE,
  stringKeys,
} from '../../tests-runner/generators/keys';
import { bytesValues, personValues } from '../../tests-runner/generators/values';

describe('key ranges', () => {
  it('are disjoint per worker and per node, derived from the node index', () => {
    const perWorker = 1000;
    const ranges: [number, number][] = [];
    for (let node = 0; node < 3; node++) {
      for (let lane = 0; lane < 4; lane++) {
        const base = keyIndexBase(node, lane, perWorker);
        ranges.push([base, base + perWorker - 1]);
      }
    }
    const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < sorted.length; i++)
      expect(sorted[i]![0]).toBeGreaterThan(sorted[i - 1]![1]);
    expect(keyIndexBase(2, 0, perWorker)).toBe(2 * NODE_KEY_STRIDE);
    expect(Number.isSafeInteger(keyIndexBase(9000, 9999, 1e8) + 1e8)).toBe(true);
  });

  it('sequential choice cycles through the range like the original workers', () => {
    const c = sequentialChooser(3);
    expect(Array.from({ length: 7 }, () => c.next())).toEqual([0, 1, 2, 0, 1, 2, 0]);
  });

  it('uniform and zipfian choices stay in range; zipfian favours the start of the range', () => {
    const n = 1000;
    for (const kind of ['uniform', 'zipfian'] as const) {
      const c = keyChooser(kind, n, 0.99);
      for (let i = 0; i < 10_000; i++) {
        const k = c.next();
        expect(k >= 0 && k < n && Number.isInteger(k)).toBe(true);
      }
    }
    const z = zipfianChooser(n, 0.99);
    const counts = new Array<number>(n).fill(0);
    for (let i = 0; i < 100_000; i++) counts[z.next()]!++;
    // θ = 0.99: the hottest 1% of keys take far more than 1% of the draws (about 40%).
    const top = counts.slice(0, 10).reduce((a, b) => a + b, 0);
    expect(top / 100_000).toBeGreaterThan(0.3);
    expect(counts[0]!).toBeGreaterThan(counts[1]!);
  });
});

describe('generators', () => {
  it('map indexes as the original generators did', () => {
    expect(longKeys.generate(42)).toBe(42n);
    expect(stringKeys.generate(42)).toBe('42');
    const p = personValues.generate(7);
    expect(p).toMatchObject({
      personNumber: 7n,
      firstName: '7',
      lastName: '7',
      age: 7,
      married: false,
      height: 7n,
    });
    expect(
      personValues.matches(p, { ...p, phones: [...p.phones], birthDate: new Date(p.birthDate) }),
    ).toBe(true);
    expect(personValues.matches(p, { ...p, age: 8 })).toBe(false);
  });

  it('random bytes are deterministic per index, of the given size, and differ between indexes', () => {
    const g = bytesValues(256);
    const a = g.generate(1);
    expect(a.length).toBe(256);
    expect(g.matches(a, Buffer.from(bytesValues(256).generate(1)))).toBe(true);
    expect(g.matches(a, g.generate(2))).toBe(false);
  });
});
