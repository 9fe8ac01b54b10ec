import type { types } from 'cassandra-driver';

import { MappingError } from '../errors';
import { quote } from '../ddl/generate';
import { BoundedChannel } from './channel';
import { executeOne, resultSet, type ExecutionContext } from './executor';
import { forEachBounded } from './lanes';

/** One query of a scan, paged through. */
export interface ScanTask {
  readonly query: string;
  readonly params: readonly unknown[];
}

const MIN_TOKEN = -(2n ** 63n);
const MAX_TOKEN = 2n ** 63n - 1n;

/**
 * Splits the Murmur3 ring into `splits` ranges (t_i, t_i+1] whose union is every token (Murmur3
 * never assigns the minimum token to data).
 */
export function tokenRanges(splits: number): [bigint, bigint][] {
  const width = (MAX_TOKEN - MIN_TOKEN) / BigInt(splits);
  const ranges: [bigint, bigint][] = [];
  for (let i = 0; i < splits; i++) {
    const start = MIN_TOKEN + width * BigInt(i);
    ranges.push([start, i === splits - 1 ? MAX_TOKEN : start + width]);
  }
  return ranges;
}

/** Full-scan tasks: one token range each. */
export function fullScanTasks(
  selectAll: string,
  partitionColumns: readonly string[],
  splits: number,
): ScanTask[] {
  const token = `token(${partitionColumns.map(quote).join(', ')})`;
  return tokenRanges(splits).map(([start, end]) => ({
    query: `${selectAll} where ${token} > ? and ${token} <= ?`,
    params: [start, end],
  }));
}

/**
 * Reads every page of every task with `parallelism` tasks in flight and yields mapped rows. A
 * reader fetches its next page only when the consumer has room, so memory is bounded by about
 * 2 × parallelism pages, whatever the table size. Stopping the iteration early stops the readers.
 */
export async function* scanRows<T>(
  ctx: ExecutionContext,
  tasks: readonly ScanTask[],
  options: {
    parallelism: number;
    fetchSize: number;
    consistency: number;
    requiredColumns: readonly string[];
  },
  map: (row: types.Row) => T,
): AsyncGenerator<T, void, undefined> {
  const parallelism = Math.max(1, Math.min(options.parallelism, tasks.length));
  const channel = new BoundedChannel<types.Row[]>(parallelism, 1);
  const execOptions = {
    prepare: true,
    isIdempotent: true,
    consistency: options.consistency,
    fetchSize: options.fetchSize,
  };
  let checked = false;
  void forEachBounded(tasks.length, parallelism, async (i) => {
    const task = tasks[i] as ScanTask;
    let pageState: string | undefined;
    do {
      if (channel.stopped) return;
      let rs: types.ResultSet | undefined;
      try {
        rs = await executeOne(
          ctx,
          'loadCache',
          task.query,
          task.query,
          [...task.params],
          pageState ? { ...execOptions, pageState } : execOptions,
          false,
          resultSet,
        );
      } catch (error) {
        channel.fail(error);
        return;
      }
      if (!rs) return; // the table does not exist: nothing to load
      if (!checked) {
        checked = true;
        const have = new Set(rs.columns.map((c) => c.name));
        const missing = options.requiredColumns.filter((c) => !have.has(c));
        if (missing.length) {
          channel.fail(
            new MappingError(
              `loadCache: the query "${task.query}" does not select the column(s) ${missing.join(', ')} needed to build keys and values`,
            ),
          );
          return;
        }
      }
      if (rs.rows.length > 0 && !(await channel.put(rs.rows))) return;
      pageState = rs.pageState;
    } while (pageState);
  }).finally(() => {
    channel.producerDone();
  });
  try {
    for (let rows = await channel.take(); rows !== undefined; rows = await channel.take()) {
      for (const row of rows) yield map(row);
    }
  } finally {
    channel.close();
  }
}
