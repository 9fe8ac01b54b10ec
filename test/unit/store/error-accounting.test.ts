import { errors, type Client, type types } from 'cassandra-driver';

import { BulkOperationError, type ErrorEvent } from '../../../store';
import { noRetry } from '../../../store/retry';
import {
  executeBulk,
  statementUnits,
  type ExecutionContext,
} from '../../../store/private/executor';
import type { TableSchema } from '../../../store/private/schema';
import { loadTestConfigSchema } from '../../../tests-runner/config/schema';
import { runLoadTest } from '../../../tests-runner/engine/run';
import { createNoopTarget } from '../../../tests-runner/targets/noop-target';
import { classifyStoreError } from '../../../tests-runner/targets/store-target';
import type { TargetDefinition } from '../../../tests-runner/targets/target';

/** A driver client whose statements fail as `outcome(i)` says (pure logic: no Cassandra needed). */
function fakeClient(outcome: (i: number) => Error | undefined): Client {
  const host = { address: '127.0.0.2:9042', isUp: () => false };
  return {
    execute: (_q: string, params: unknown[]) => {
      const error = outcome(params[0] as number);
      return error
        ? Promise.reject(error)
        : Promise.resolve({ rows: [] } as unknown as types.ResultSet);
    },
    hosts: { values: () => [host] },
    getState: () => ({ getOpenConnections: () => 0, getInFlightQueries: () => 0 }),
  } as unknown as Client;
}

function context(client: Client, events: ErrorEvent[]): ExecutionContext {
  return {
    client,
    schema: { ddl: { keyspace: 'ks', table: 't' }, generation: 0 } as unknown as TableSchema,
    createSchema: false,
    retry: noRetry(),
    maxInFlight: 4,
    hooks: { onError: (e) => events.push(e) },
    names: ['ks', 't'],
  };
}

/** Items 0–5 find no host, 6–8 time out on the client, 9 succeeds. */
const mixed = (i: number): Error | undefined =>
  i < 6
    ? new errors.NoHostAvailableError({})
    : i < 9
      ? new errors.OperationTimedOutError('timed out', '127.0.0.1:9042')
      : undefined;

describe('error accounting of bulk calls (injected failures)', () => {
  it('reports every failed item under its own kind: to onError and in the BulkOperationError', async () => {
    const events: ErrorEvent[] = [];
    const keys = Array.from({ length: 10 }, (_, i) => i);
    const ctx = context(fakeClient(mixed), events);
    const units = statementUnits(
      ctx.client,
      'q',
      keys.map((i) => [i]),
      {},
    );
    const error = await executeBulk(ctx, 'writeAll', keys, units, new Map(), true, undefined).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BulkOperationError);
    const bulk = error as BulkOperationError<number>;
    expect(bulk.failuresByKind).toEqual({ 'no-host': 6, 'client-timeout': 3 });
    expect(bulk.failures.map((f) => f.kind)).toEqual([
      ...Array<string>(6).fill('no-host'),
      ...Array<string>(3).fill('client-timeout'),
    ]);
    expect(bulk.message).toMatch(
      /^writeAll: 9 of 10 items failed \(no-host: 6, client-timeout: 3\)/,
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      items: 9,
      failuresByKind: { 'no-host': 6, 'client-timeout': 3 },
    });
  });

  it('names the hosts and what is known when the driver tried none', async () => {
    const events: ErrorEvent[] = [];
    const ctx = context(
      fakeClient(() => new errors.NoHostAvailableError({})),
      events,
    );
    const units = statementUnits(ctx.client, 'q', [[0]], {});
    const error = (await executeBulk(ctx, 'loadAll', [0], units, new Map(), false, undefined).catch(
      (e: unknown) => e,
    )) as BulkOperationError;
    expect(error.failures[0]?.error.message).toMatch(
      /All host\(s\) tried for query failed\. no host could take the request and the driver tried none: hosts known: 127\.0\.0\.2:9042 down, 0 open connection\(s\), 0 request\(s\) in flight/,
    );
    const tried = new errors.NoHostAvailableError({
      '127.0.0.3:9042': new Error('connection refused'),
    });
    const ctx2 = context(
      fakeClient(() => tried),
      [],
    );
    const e2 = (await executeBulk(
      ctx2,
      'loadAll',
      [0],
      statementUnits(ctx2.client, 'q', [[0]], {}),
      new Map(),
      false,
      undefined,
    ).catch((e: unknown) => e)) as BulkOperationError;
    expect(e2.failures[0]?.error.message).toMatch(
      /hosts tried: 127\.0\.0\.3:9042 \(connection refused\)/,
    );
  });
});

describe('load-test runner error counts (injected bulk failures)', () => {
  /** Every writeAll fails 6 of its entries as no-host and 3 as client-timeout. */
  function failingTarget(): TargetDefinition {
    return {
      summary: 'fails bulk writes',
      create() {
        return {
          ...createNoopTarget(),
          writeAll: (entries) =>
            Promise.reject(
              new BulkOperationError(
                'writeAll',
                entries.slice(0, 9).map(([key], i) => ({
                  key,
                  error: new Error('injected'),
                  attempts: 1,
                  kind: i < 6 ? 'no-host' : 'client-timeout',
                })),
                entries.length,
              ),
            ),
          classifyError: classifyStoreError,
        };
      },
    };
  }

  it('counts failed entries by kind exactly as the BulkOperationError items', async () => {
    const config = loadTestConfigSchema.parse({
      target: 'noop',
      workloads: ['BULK_WRITE'],
      warmupSeconds: 0,
      durationSeconds: 1,
      concurrency: 1,
      bulkSize: 10,
    });
    const result = await runLoadTest(config, { target: failingTarget() });
    const stats = result.workloads[0]?.measured.operations.bulkWrite;
    expect(stats).toBeDefined();
    const calls = stats!.errors;
    expect(calls).toBeGreaterThan(0);
    expect(stats!.errorsByKind).toEqual({ 'no-host': calls });
    expect(stats!.errorEntriesByKind).toEqual({
      'no-host': 6 * calls,
      'client-timeout': 3 * calls,
    });
    expect(stats!.errorEntries).toBe(9 * calls);
  });
});
