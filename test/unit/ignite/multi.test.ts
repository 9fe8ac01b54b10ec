import { Op, Outcome } from '../../../ignite/protocol/constants';
import { WireReader } from '../../../ignite/protocol/reader';
import { WireWriter } from '../../../ignite/protocol/writer';
import type { CacheBinding } from '../../../ignite/sidecar/caches';
import type { HandlerContext } from '../../../ignite/sidecar/context';
import { multi } from '../../../ignite/sidecar/multi';
import { BulkOperationError, MappingError } from '../../../store';

/** A store that records its calls; `failOnce` keys fail their first grouped write. */
function fakeStore(rows: Map<unknown, unknown>, failOnce: Set<unknown>) {
  const calls: string[] = [];
  return {
    calls,
    loadAll: (keys: unknown[]) => {
      calls.push(`loadAll ${keys.join(',')}`);
      return Promise.resolve(new Map(keys.filter((k) => rows.has(k)).map((k) => [k, rows.get(k)])));
    },
    load: (k: unknown) => {
      calls.push(`load ${String(k)}`);
      return Promise.resolve(rows.get(k));
    },
    writeAll: (entries: (readonly [unknown, unknown])[]) => {
      calls.push(`writeAll ${entries.map(([k]) => String(k)).join(',')}`);
      const failed = entries.filter(([k]) => failOnce.delete(k));
      for (const [k, v] of entries) if (!failed.some(([f]) => f === k)) rows.set(k, v);
      if (failed.length === 0) return Promise.resolve();
      const failures = failed.map(([key]) => ({
        key,
        error: new Error('timed out'),
        attempts: 1,
        kind: 'client-timeout',
      }));
      return Promise.reject(new BulkOperationError('writeAll', failures, entries.length));
    },
    write: (k: unknown, v: unknown) => {
      calls.push(`write ${String(k)}`);
      if (k === 'bad') return Promise.reject(new MappingError('Cassandra refuses key bad'));
      rows.set(k, v);
      return Promise.resolve();
    },
  };
}

function setup(rows: Map<unknown, unknown>, failOnce = new Set<unknown>()) {
  const store = fakeStore(rows, failOnce);
  const frames: number[] = [];
  const ctx = { coalesced: (n: number) => frames.push(n) } as unknown as HandlerContext;
  const same = {
    fromWire: (v: unknown) => {
      if (v === 'poison') throw new MappingError('the mapping refuses poison');
      return v;
    },
    write: (w: WireWriter, v: unknown) => w.value(v),
  };
  const b = { store, mapping: { key: same, value: same } } as unknown as CacheBinding;
  return { store, frames, ctx, b };
}

/** The outcomes of an answer: the value (loads) or `error Kind: message`. */
function outcomes(answer: Buffer, load: boolean): unknown[] {
  const r = new WireReader(answer, 9);
  return Array.from({ length: r.count() }, () =>
    r.u8() === Outcome.OK ? (load ? r.value() : 'ok') : `error ${r.str()}: ${r.str()}`,
  );
}

describe('multi-entry frames in the sidecar (coalesced single-entry calls)', () => {
  it('serves duplicate loads of one key with one read, in one grouped call', async () => {
    const { store, frames, ctx, b } = setup(
      new Map<unknown, unknown>([
        ['a', 1],
        ['b', 2],
      ]),
    );
    const body = WireWriter.bare().u32(4).value('a').value('b').value('a').value('x').bytes();
    const answer = await multi(ctx, b, Op.LOAD_MULTI, new WireReader(body, 0), 5);
    expect(outcomes(answer, true)).toEqual([1, 2, 1, null]);
    expect(store.calls).toEqual(['loadAll a,b,x']);
    expect(frames).toEqual([4]);
  });

  it('retries only the keys a grouped write failed, and fails only the entries at fault', async () => {
    const rows = new Map<unknown, unknown>();
    const { store, ctx, b } = setup(rows, new Set(['flaky']));
    const body = WireWriter.bare().u32(4);
    for (const [k, v] of [
      ['a', 1],
      ['poison', 2],
      ['flaky', 3],
      ['b', 4],
    ] as const)
      body.value(k).value(v);
    const answer = await multi(ctx, b, Op.WRITE_MULTI, new WireReader(body.bytes(), 0), 5);
    expect(outcomes(answer, false)).toEqual([
      'ok',
      'error MappingError: the mapping refuses poison',
      'ok',
      'ok',
    ]);
    expect(store.calls).toEqual(['writeAll a,flaky,b', 'write flaky']);
    expect([...rows]).toEqual([
      ['a', 1],
      ['b', 4],
      ['flaky', 3],
    ]);
  });

  it('reports a key that fails on its own too as that entry only', async () => {
    const { ctx, b } = setup(new Map(), new Set(['bad']));
    const body = WireWriter.bare().u32(2).value('bad').value(1).value('ok').value(2).bytes();
    const answer = await multi(ctx, b, Op.WRITE_MULTI, new WireReader(body, 0), 5);
    expect(outcomes(answer, false)).toEqual([
      'error MappingError: Cassandra refuses key bad',
      'ok',
    ]);
  });

  it('runs two writes of one key in order, never in one grouped call', async () => {
    const rows = new Map<unknown, unknown>();
    const { store, ctx, b } = setup(rows);
    const body = WireWriter.bare()
      .u32(3)
      .value('a')
      .value(1)
      .value('b')
      .value(1)
      .value('a')
      .value(2);
    await multi(ctx, b, Op.WRITE_MULTI, new WireReader(body.bytes(), 0), 5);
    expect(store.calls).toEqual(['writeAll a,b', 'writeAll a']);
    expect(rows.get('a')).toBe(2);
  });
});
