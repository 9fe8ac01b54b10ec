import { DataSource, type DataSourceOptions, type StoreHooks } from '../../store';
import { integrationServices } from './services';

export const RF1 = "replication = {'class': 'SimpleStrategy', 'replication_factor': 1}";

/** A keyspace name of its own per suite and process. */
export function uniqueKeyspace(name: string): string {
  return `it_${name}_${process.pid}`.toLowerCase();
}

/** A data source on the integration run's Cassandra node. */
export function testDataSource(options: Partial<DataSourceOptions> = {}): DataSource {
  return new DataSource({ contactPoints: integrationServices().cassandra, ...options });
}

/** Hooks that record DDL and retries, for assertions. */
export function recordingHooks(): StoreHooks & { ddl: string[]; retries: string[] } {
  const ddl: string[] = [];
  const retries: string[] = [];
  return {
    ddl,
    retries,
    onDdl: (s) => ddl.push(s),
    onRetry: (e) => retries.push(e.errorKind),
  };
}
