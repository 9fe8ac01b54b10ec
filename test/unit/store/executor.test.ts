/**
 * The bulk engine's retry / split / report path, driven by scripted failures (no Cassandra): each
 * unit's attempts fail or succeed as the script says.
 */
import { errors, types, type Client } from 'cassandra-driver';

import { BulkOperationError, exponentialBackoff, noRetry, type RetryEvent } from '../../../store';
import {
  executeBulk,
  OperationError,
  type BulkUnits,
  type ExecutionContext,
} from '../../../store/private/executor';
import type { TableSchema } from '../../../store/private/schema';

const timeout = () =>
  new errors.ResponseError(types.responseErrorCodes.writeTimeout, 'Operation timed out');
const invalid = (why: string) => new errors.ResponseError(types.responseErrorCodes.invalid, why);

function context(
  retries: RetryEvent[],
  retry = exponentialBackoff({ baseDelayMs: 0, maxDelayMs: 0 }),
): ExecutionContext {
  return {
    client: {} as unknown as Client,
    schema: {
      generation: 0,
      ddl: { keyspace: 'ks', table: 't' },
      ensure: () => Promise.resolve(),
    } as unknown as TableSchema,
    createSchema: false,
    retry,
    maxInFlight: 4,
    hooks: { onRetry: (e) => retries.push(e) },
    names: ['ks', 't'],
  };
}

/** Units over `keys`: `groups` of item indexes; `script(unit, attempt)` throws or returns. */
function scripted(
  groups: number[][],
  script: (items: readonly number[], attempt: number) => void,
): BulkUnits & { calls: number[][] } {
  const all: number[][] = [...groups];
  const attempts = new Map<number, number>();
  const calls: number[][] = [];
  return {
    calls,
    initial: groups.map((_, i) => i),
    items: (u) => all[u] ?? [],
    run: (u) => {
      const items = all[u] ?? [];
      calls.push(items);
      const n = (attempts.get(u) ?? 0) + 1;
      attempts.set(u, n);
      try {
        script(items, n);
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
      return Promise.resolve({} as types.ResultSet);
    },
    split: (u) =>
      (all[u] ?? []).map((item) => {
        all.push([item]);
        return all.length - 1;
      }),
  };
}

const keys = Array.from({ length: 6 }, (_, i) => `k${i}`);

describe('bulk execution with scripted failures', () => {
  it('retries only the units that failed transiently, and reports the retry to the hooks', async () => {
    const retries: RetryEvent[] = [];
    const units = scripted(
      [
        [0, 1],
        [2, 3],
        [4, 5],
      ],
      (items, attempt) => {
        if (items.includes(2) && attempt < 3) throw timeout();
      },
    );
    await executeBulk(context(retries), 'writeAll', keys, units, new Map(), true, undefined);
    expect(units.calls).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
      [2, 3],
      [2, 3],
    ]);
    expect(retries.map((r) => [r.attempt, r.errorKind, r.items])).toEqual([
      [1, 'write-timeout', 2],
      [2, 'write-timeout', 2],
    ]);
  });

  it('splits a group the server refuses, so that only the key at fault fails', async () => {
    const units = scripted(
      [
        [0, 1, 2],
        [3, 4, 5],
      ],
      (items) => {
        if (items.includes(4)) throw invalid('Key may not be empty');
      },
    );
    const error = await executeBulk(
      context([]),
      'writeAll',
      keys,
      units,
      new Map(),
      true,
      undefined,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BulkOperationError);
    const bulk = error as BulkOperationError<string>;
    expect(bulk.failedKeys).toEqual(['k4']);
    expect(bulk.total).toBe(6);
    expect(bulk.failures[0]?.error).toBeInstanceOf(OperationError);
    expect(bulk.message).toMatch(
      /writeAll: 1 of 6 items failed \(invalid: 1\); first: key "k4": invalid: Key may not be empty/,
    );
    // The refused group was retried key by key; the other group ran once.
    expect(units.calls).toEqual([[0, 1, 2], [3, 4, 5], [3], [4], [5]]);
  });

  it('gives up when the policy says so and names every key of the failed unit', async () => {
    const retries: RetryEvent[] = [];
    const units = scripted(
      [
        [0, 1],
        [2, 3],
        [4, 5],
      ],
      (items) => {
        if (items.includes(0)) throw timeout();
      },
    );
    const error = await executeBulk(
      context(retries, noRetry()),
      'writeAll',
      keys,
      units,
      new Map(),
      true,
      undefined,
    ).catch((e: unknown) => e);
    expect((error as BulkOperationError<string>).failedKeys).toEqual(['k0', 'k1']);
    expect(retries).toEqual([]);
  });

  it('reports items that could not be bound with the failed ones, in key order', async () => {
    const units = scripted([[1], [2]], () => undefined);
    const prefailed = new Map([
      [0, { key: 'k0', error: new Error('cannot map'), attempts: 0, kind: 'mapping' }],
    ]);
    const error = await executeBulk(
      context([]),
      'writeAll',
      keys.slice(0, 3),
      units,
      prefailed,
      true,
      undefined,
    ).catch((e: unknown) => e);
    expect((error as BulkOperationError<string>).failedKeys).toEqual(['k0']);
  });
});
