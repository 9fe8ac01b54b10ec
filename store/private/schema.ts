import { setTimeout as sleep } from 'node:timers/promises';

import { types, type Client } from 'cassandra-driver';

import type { TableDdl } from '../ddl/generate';
import { SchemaError } from '../errors';
import type { StoreHooks } from '../hooks';

/**
 * Creates a table's keyspace, table and indexes when Cassandra reports them missing: once per
 * table even with many concurrent first writers (they share one creation), then waits for schema
 * agreement so that the retried work finds the table on every node.
 */
export class SchemaManager {
  private readonly tables = new Map<string, TableSchema>();

  constructor(
    private readonly client: Client,
    private readonly log: (level: 'info' | 'warn', message: string) => void,
  ) {}

  /** The shared creation state of a table: every store of it on this data source gets the same object. */
  table(ddl: TableDdl): TableSchema {
    const id = `${ddl.keyspace}.${ddl.table}`;
    let state = this.tables.get(id);
    if (!state) {
      state = new TableSchema(ddl, (hooks) => this.create(ddl, hooks));
      this.tables.set(id, state);
    }
    return state;
  }

  private async create(ddl: TableDdl, hooks: StoreHooks | undefined): Promise<void> {
    this.log('info', `Creating missing Cassandra schema for ${ddl.keyspace}.${ddl.table}`);
    for (const statement of [ddl.createKeyspace, ddl.createTable, ...ddl.createIndexes]) {
      await this.run(statement, hooks);
    }
  }

  /** Runs one DDL statement, logs it, and waits (bounded) until every node agrees on the schema. */
  async run(statement: string, hooks: StoreHooks | undefined): Promise<void> {
    hooks?.onDdl?.(statement);
    const rule = '-'.repeat(53);
    this.log('info', `${rule}\n${statement}\n${rule}`);
    let agreed: boolean;
    try {
      const rs = await this.client.execute(statement, [], { prepare: false, isIdempotent: true });
      agreed = (rs.info as { isSchemaInAgreement?: boolean }).isSchemaInAgreement !== false;
    } catch (error) {
      const hint = ddlFailureHint(error);
      throw new SchemaError(
        `DDL failed: ${statement.split('\n')[0] ?? statement}…: ${error instanceof Error ? error.message : String(error)}`,
        { code: 'DDL_FAILED', data: { statement }, ...(hint ? { hint } : {}), cause: error },
      );
    }
    if (!agreed) await this.waitForAgreement(statement);
  }

  private async waitForAgreement(statement: string): Promise<void> {
    // Present in the driver, missing from its typings.
    const metadata = this.client.metadata as unknown as {
      checkSchemaAgreement(): Promise<boolean>;
    };
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (await metadata.checkSchemaAgreement()) return;
      await sleep(500);
    }
    this.log(
      'warn',
      `No schema agreement 60 s after: ${statement.split('\n')[0] ?? statement}; continuing (nodes may still be down).`,
    );
  }
}

/**
 * One table's creation state. Operations read {@link TableSchema.generation} when they start; a
 * missing-table error after a creation finished since then only needs a retry, not another CREATE.
 */
export class TableSchema {
  /** Completed creations. */
  generation = 0;
  private flight: Promise<void> | undefined;

  constructor(
    readonly ddl: TableDdl,
    private readonly create: (hooks: StoreHooks | undefined) => Promise<void>,
  ) {}

  /** Makes sure the table exists; concurrent callers share one creation. */
  async ensure(seenGeneration: number, hooks: StoreHooks | undefined): Promise<void> {
    if (this.generation > seenGeneration) return;
    this.flight ??= this.create(hooks)
      .then(() => {
        this.generation++;
      })
      .finally(() => {
        this.flight = undefined;
      });
    await this.flight;
  }
}

/**
 * What to do about a failed DDL statement, by the server's error code: missing permission and an
 * invalid statement need different fixes; other failures (timeouts, unavailable) carry no hint.
 */
export function ddlFailureHint(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === types.responseErrorCodes.unauthorized)
    return 'The connecting user needs CREATE permission; otherwise have the schema created beforehand and set schema: "none".';
  if (
    code === types.responseErrorCodes.syntaxError ||
    code === types.responseErrorCodes.invalid ||
    code === types.responseErrorCodes.configError
  )
    return 'Cassandra refused the statement: check the keyspace and table names and the keyspace/table options of the settings.';
  return undefined;
}
