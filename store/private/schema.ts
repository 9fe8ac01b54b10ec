import { setTimeout as sleep } from 'node:timers/promises';

import type { Client } from 'cassandra-driver';

import type { TableDdl } from '../ddl/generate';
import { SchemaError } from '../errors';
import type { StoreHooks } from '../hooks';

/**
 * Creates a table's keyspace, table and indexes when Cassandra reports them missing: once per
 * table even with many concurrent first writers (they share one creation), then waits for schema
 * agreement so that the retried work finds the table on every node.
 */
export class SchemaManager {
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Completed creations per table; an operation that started before the last one just retries. */
  private readonly generations = new Map<string, number>();

  constructor(
    private readonly client: Client,
    private readonly log: (level: 'info' | 'warn', message: string) => void,
  ) {}

  /** The creation generation of a table, to remember when an operation started. */
  generation(ddl: Pick<TableDdl, 'keyspace' | 'table'>): number {
    return this.generations.get(`${ddl.keyspace}.${ddl.table}`) ?? 0;
  }

  /**
   * Makes sure the table exists. `seenGeneration` is {@link SchemaManager.generation} as read when
   * the failed operation started: if a creation finished since, nothing is run again.
   */
  async ensure(
    ddl: TableDdl,
    seenGeneration: number,
    hooks: StoreHooks | undefined,
  ): Promise<void> {
    const id = `${ddl.keyspace}.${ddl.table}`;
    if (this.generation(ddl) > seenGeneration) return;
    let flight = this.inFlight.get(id);
    if (!flight) {
      flight = this.create(ddl, hooks).finally(() => {
        this.inFlight.delete(id);
      });
      this.inFlight.set(id, flight);
    }
    await flight;
  }

  private async create(ddl: TableDdl, hooks: StoreHooks | undefined): Promise<void> {
    this.log('info', `Creating missing Cassandra schema for ${ddl.keyspace}.${ddl.table}`);
    for (const statement of [ddl.createKeyspace, ddl.createTable, ...ddl.createIndexes]) {
      await this.run(statement, hooks);
    }
    const id = `${ddl.keyspace}.${ddl.table}`;
    this.generations.set(id, (this.generations.get(id) ?? 0) + 1);
  }

  /** Runs one DDL statement, logs it, and waits (bounded) until every node agrees on the schema. */
  async run(statement: string, hooks: StoreHooks | undefined): Promise<void> {
    hooks?.onDdl?.(statement);
    this.log(
      'info',
      `-----------------------------------------------------\n${statement}\n-----------------------------------------------------`,
    );
    let agreed: boolean;
    try {
      const rs = await this.client.execute(statement, [], { prepare: false, isIdempotent: true });
      agreed = (rs.info as { isSchemaInAgreement?: boolean }).isSchemaInAgreement !== false;
    } catch (error) {
      throw new SchemaError(
        `DDL failed: ${statement.split('\n')[0] ?? statement}…: ${error instanceof Error ? error.message : String(error)}`,
        {
          hint: 'The connecting user needs CREATE permission; otherwise create the schema with `testbed ddl --apply` and set schema: "none".',
          cause: error,
        },
      );
    }
    if (!agreed) await this.waitForAgreement(statement);
  }

  private async waitForAgreement(statement: string): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      // Present in the driver, missing from its typings.
      const metadata = this.client.metadata as unknown as {
        checkSchemaAgreement(): Promise<boolean>;
      };
      if (await metadata.checkSchemaAgreement()) return;
      await sleep(500);
    }
    this.log(
      'warn',
      `No schema agreement 60 s after: ${statement.split('\n')[0] ?? statement}; continuing (nodes may still be down).`,
    );
  }
}
