import { BulkOperationError } from '../../store';
import { Op, PROTOCOL_VERSION, Status } from '../protocol/constants';
import { ProtocolError } from '../protocol/errors';
import type { Frame } from '../protocol/frames';
import { WireReader } from '../protocol/reader';
import { WireWriter } from '../protocol/writer';
import { binding, describeError, type HandlerContext } from './context';
import { multi } from './multi';
import type { TransactionRegistry } from './transactions';

/** The indexes (into the request) of the items a bulk error lists, with their reasons. */
function failedIndexes(
  error: BulkOperationError,
  keys: readonly unknown[],
  indexes: readonly number[],
): { index: number; reason: string }[] {
  const positions = new Map<unknown, number[]>();
  keys.forEach((k, j) => {
    const list = positions.get(k);
    if (list) list.push(j);
    else positions.set(k, [j]);
  });
  return error.failures.map((f) => {
    const j = positions.get(f.key)?.shift();
    if (j === undefined)
      throw new ProtocolError(`internal: a failed key of ${error.operation} is not in the request`);
    return { index: indexes[j] as number, reason: f.error.message };
  });
}

function bulkAnswer(
  requestId: number,
  total: number,
  failures: { index: number; reason: string }[],
): Buffer {
  if (failures.length === 0) return WireWriter.frame(Status.OK, requestId).finish();
  failures.sort((a, b) => a.index - b.index);
  const w = WireWriter.frame(Status.PARTIAL, requestId);
  w.str(
    `${failures.length} of ${total} items failed; first: item ${failures[0]?.index}: ${failures[0]?.reason}`,
  );
  w.u32(failures.length);
  for (const f of failures) w.u32(f.index).str(f.reason);
  return w.finish();
}

/**
 * Runs a mutation inside or outside a transaction: inside, the transaction is opened first and any
 * failure makes it rollback-only, so it can never commit with a write missing.
 */
async function mutation<T>(
  ctx: HandlerContext,
  xid: string | undefined,
  run: (tx: ReturnType<TransactionRegistry['forWrite']> | undefined) => Promise<T>,
): Promise<T> {
  if (xid === undefined) return run(undefined);
  const tx = ctx.transactions.forWrite(xid);
  try {
    return await run(tx);
  } catch (error) {
    ctx.transactions.fail(xid, describeError(error).message);
    throw error;
  }
}

/** The start of an OK answer to request `id`. */
function okFrame(id: number): WireWriter {
  return WireWriter.frame(Status.OK, id);
}

/** Serves one request with a single response (every op but LOAD_CACHE, CREDIT and CANCEL). */
export async function handle(ctx: HandlerContext, frame: Frame): Promise<Buffer> {
  const r = new WireReader(frame.buf, frame.bodyOffset, frame.end);
  const id = frame.requestId;
  switch (frame.code) {
    case Op.HELLO: {
      const version = r.u16();
      if (version !== PROTOCOL_VERSION) {
        throw new ProtocolError(
          `the bridge speaks protocol ${version}, this sidecar ${PROTOCOL_VERSION}`,
          {
            hint: 'Build the bridge and run the sidecar from the same checkout.',
          },
        );
      }
      r.str(); // client name, for logs only
      const w = okFrame(id)
        .u16(PROTOCOL_VERSION)
        .str(ctx.name)
        .str(ctx.instance)
        .u32(ctx.caches.size);
      for (const name of ctx.caches.keys()) w.str(name);
      return w.finish();
    }
    case Op.HEALTH:
      return okFrame(id).str(JSON.stringify(ctx.health())).finish();
    case Op.LOAD: {
      const b = binding(ctx, r.str());
      const value = await b.store.load(b.mapping.key.fromWire(r.value()));
      const w = okFrame(id);
      if (value === undefined || value === null) w.value(null);
      else b.mapping.value.write(w, value);
      return w.finish();
    }
    case Op.LOAD_ALL: {
      const b = binding(ctx, r.str());
      const n = r.count();
      const keys: unknown[] = new Array(n);
      for (let i = 0; i < n; i++) keys[i] = b.mapping.key.fromWire(r.value());
      const found = await b.store.loadAll(keys);
      const w = okFrame(id);
      let count = 0;
      const countAt = w.size;
      w.u32(0);
      keys.forEach((k, i) => {
        const v = found.get(k);
        if (v === undefined || v === null) return;
        w.u32(i);
        b.mapping.value.write(w, v);
        count++;
      });
      w.patchU32(countAt, count);
      return w.finish();
    }
    case Op.WRITE: {
      const b = binding(ctx, r.str());
      const xid = r.optStr();
      await mutation(ctx, xid, async (tx) => {
        const key = b.mapping.key.fromWire(r.value());
        const value = b.mapping.value.fromWire(r.value());
        await b.store.write(key, value, tx ? { transaction: tx } : undefined);
      });
      return okFrame(id).finish();
    }
    case Op.DELETE: {
      const b = binding(ctx, r.str());
      const xid = r.optStr();
      await mutation(ctx, xid, async (tx) => {
        await b.store.delete(
          b.mapping.key.fromWire(r.value()),
          tx ? { transaction: tx } : undefined,
        );
      });
      return okFrame(id).finish();
    }
    case Op.WRITE_ALL:
    case Op.DELETE_ALL:
      return bulk(ctx, frame.code, r, id);
    case Op.LOAD_MULTI:
    case Op.WRITE_MULTI:
    case Op.DELETE_MULTI:
      return multi(ctx, binding(ctx, r.str()), frame.code, r, id);
    case Op.TX_END: {
      const xid = r.str();
      const commit = r.bool();
      const expected = Number(r.i64());
      const applied = await ctx.transactions.end(xid, commit, expected);
      return okFrame(id).i64(BigInt(applied)).finish();
    }
    default:
      throw new ProtocolError(`unknown op code ${frame.code}`);
  }
}

/**
 * WRITE_ALL / DELETE_ALL. Outside transactions, items that cannot be converted or written are
 * listed in a PARTIAL answer and every other item is applied; inside one, any failure fails the
 * call (and makes the transaction rollback-only).
 */
async function bulk(ctx: HandlerContext, op: number, r: WireReader, id: number): Promise<Buffer> {
  const b = binding(ctx, r.str());
  const xid = r.optStr();
  const n = r.count();
  const writes = op === Op.WRITE_ALL;
  return mutation(ctx, xid, async (tx) => {
    const keys: unknown[] = [];
    const values: unknown[] = [];
    const indexes: number[] = [];
    const failures: { index: number; reason: string }[] = [];
    for (let i = 0; i < n; i++) {
      const rawKey = r.value();
      const rawValue = writes ? r.value() : undefined;
      try {
        const key = b.mapping.key.fromWire(rawKey);
        const value = writes ? b.mapping.value.fromWire(rawValue) : undefined;
        keys.push(key);
        values.push(value);
        indexes.push(i);
      } catch (error) {
        if (tx) throw error;
        failures.push({ index: i, reason: describeError(error).message });
      }
    }
    const options = tx ? { transaction: tx } : undefined;
    try {
      if (writes)
        await b.store.writeAll(
          keys.map((k, j) => [k, values[j]] as const),
          options,
        );
      else await b.store.deleteAll(keys, options);
    } catch (error) {
      if (tx || !(error instanceof BulkOperationError)) throw error;
      failures.push(...failedIndexes(error, keys, indexes));
    }
    return bulkAnswer(id, n, failures);
  });
}
