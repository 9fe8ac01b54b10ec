import { BulkOperationError } from '../../store';
import { Op, Outcome, Status } from '../protocol/constants';
import type { WireReader } from '../protocol/reader';
import { WireWriter } from '../protocol/writer';
import type { CacheBinding } from './caches';
import { describeError, type HandlerContext } from './context';

/** What became of one entry of a multi-entry frame. */
export type Result = { ok: true; value?: unknown } | { ok: false; error: unknown };

/** One entry as decoded: its key (and value), or why it could not be. */
interface Item {
  readonly index: number;
  /** The key's encoded bytes: equal keys have equal bytes (the bridge encodes both the same way). */
  readonly raw: string;
  readonly key: unknown;
  readonly value: unknown;
}

/**
 * LOAD_MULTI, WRITE_MULTI and DELETE_MULTI: single-entry calls the bridge coalesced. The entries
 * run as one grouped store call (`loadAll`, `writeAll`, `deleteAll`: the replica-grouped batches
 * and `IN` reads); keys that fail there are retried once each on their own, so one bad entry
 * never fails its neighbours; the answer carries one outcome per entry, in order. Loads of one
 * key share one read.
 */
export async function multi(
  ctx: HandlerContext,
  b: CacheBinding,
  op: number,
  r: WireReader,
  id: number,
): Promise<Buffer> {
  const n = r.count();
  ctx.coalesced(n);
  const results: Result[] = new Array<Result>(n);
  const items: Item[] = [];
  const reads = op === Op.LOAD_MULTI;
  const writes = op === Op.WRITE_MULTI;
  for (let i = 0; i < n; i++) {
    const start = r.offset;
    const rawKey = r.value();
    const raw = r.slice(start, r.offset);
    const rawValue = writes ? r.value() : undefined;
    try {
      const key = b.mapping.key.fromWire(rawKey);
      const value = writes ? b.mapping.value.fromWire(rawValue) : undefined;
      items.push({ index: i, raw, key, value });
    } catch (error) {
      results[i] = { ok: false, error };
    }
  }
  if (reads) await loadItems(b, items, results);
  else for (const round of rounds(items)) await mutateItems(b, writes, round, results);
  return multiAnswer(
    id,
    results,
    reads
      ? (w, v) => {
          b.mapping.value.write(w, v);
        }
      : undefined,
  );
}

/**
 * The OK answer of a multi-entry frame: one outcome per entry, in order. `writeValue` (loads)
 * writes a found value; a load that found nothing answers NULL.
 */
export function multiAnswer(
  id: number,
  results: readonly Result[],
  writeValue: ((w: WireWriter, value: unknown) => void) | undefined,
): Buffer {
  const w = WireWriter.frame(Status.OK, id).u32(results.length);
  for (const result of results) {
    if (result.ok) {
      w.u8(Outcome.OK);
      if (!writeValue) continue;
      if (result.value === undefined || result.value === null) w.value(null);
      else writeValue(w, result.value);
    } else {
      const { kind, message } = describeError(result.error);
      w.u8(Outcome.ERROR).str(kind).str(message);
    }
  }
  return w.finish();
}

/**
 * Splits mutations so that no key appears twice in one grouped call (the rows of one UNLOGGED batch
 * share a timestamp, so the later of two writes would not surely win): a repeated key starts the
 * next round, and rounds run one after the other.
 */
function rounds(items: readonly Item[]): Item[][] {
  const out: Item[][] = [[]];
  let seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.raw)) {
      out.push([]);
      seen = new Set();
    }
    seen.add(item.raw);
    out[out.length - 1]?.push(item);
  }
  return out;
}

/** The keys of a grouped call that failed: all of them unless the store listed which. */
function failedKeys(error: unknown, keys: readonly unknown[]): Set<unknown> {
  if (error instanceof BulkOperationError) return new Set(error.failedKeys);
  return new Set(keys);
}

async function loadItems(
  b: CacheBinding,
  items: readonly Item[],
  results: Result[],
): Promise<void> {
  // One read per distinct key, whatever the number of callers asking for it.
  const byRaw = new Map<string, { key: unknown; indexes: number[] }>();
  for (const item of items) {
    const same = byRaw.get(item.raw);
    if (same) same.indexes.push(item.index);
    else byRaw.set(item.raw, { key: item.key, indexes: [item.index] });
  }
  const unique = [...byRaw.values()];
  const keys = unique.map((u) => u.key);
  let found = new Map<unknown, unknown>();
  let failed = new Set<unknown>();
  try {
    found = await b.store.loadAll(keys);
  } catch {
    // A failed loadAll returns none of the values it did read: every key is read again on its own.
    failed = new Set(keys);
  }
  await Promise.all(
    unique.map(async (u) => {
      let result: Result;
      if (!failed.has(u.key)) result = { ok: true, value: found.get(u.key) };
      else {
        try {
          result = { ok: true, value: await b.store.load(u.key) };
        } catch (error) {
          result = { ok: false, error };
        }
      }
      for (const i of u.indexes) results[i] = result;
    }),
  );
}

async function mutateItems(
  b: CacheBinding,
  writes: boolean,
  items: readonly Item[],
  results: Result[],
): Promise<void> {
  const keys = items.map((i) => i.key);
  let failed = new Set<unknown>();
  try {
    if (writes) await b.store.writeAll(items.map((i) => [i.key, i.value] as const));
    else await b.store.deleteAll(keys);
  } catch (error) {
    failed = failedKeys(error, keys);
  }
  await Promise.all(
    items.map(async (item) => {
      if (!failed.has(item.key)) {
        results[item.index] = { ok: true };
        return;
      }
      // Retried on its own: a key that failed in a group may have failed for its neighbours.
      try {
        if (writes) await b.store.write(item.key, item.value);
        else await b.store.delete(item.key);
        results[item.index] = { ok: true };
      } catch (error) {
        results[item.index] = { ok: false, error };
      }
    }),
  );
}
