import path from 'node:path';

import { stringify } from 'yaml';

/** What one node's `cassandra.yaml` depends on. */
export interface CassandraNodeConfig {
  readonly clusterName: string;
  /** Address the node listens on (storage and CQL): a loopback alias locally, the private IP on EC2. */
  readonly address: string;
  readonly nativePort: number;
  readonly storagePort: number;
  /** Seed addresses (every node of a small cluster with assigned tokens can be a seed). */
  readonly seeds: readonly string[];
  /** The node's single token (`num_tokens: 1`), balanced across the cluster. */
  readonly initialToken: string;
  /** The node's directory: data, commit log, hints and logs go below it. */
  readonly dir: string;
  /** Client security: PasswordAuthenticator and/or TLS on the CQL port. @default - neither */
  readonly security?: NodeSecurity;
}

/** Client-facing security of a node, for tests of authenticated and encrypted clients. */
export interface NodeSecurity {
  /** PasswordAuthenticator; the default superuser is cassandra / cassandra. */
  readonly passwordAuthenticator?: boolean;
  /** TLS on the native port (client encryption required). */
  readonly tls?: {
    /** PEM file holding the node's private key (unencrypted) and its certificate. */
    readonly keystorePem: string;
    /** PEM certificate clients trust (the node's own when it is self-signed). */
    readonly caPem: string;
  };
}

/** The superuser PasswordAuthenticator creates on a new cluster. */
export const DEFAULT_SUPERUSER = { username: 'cassandra', password: 'cassandra' } as const;

/**
 * Renders `cassandra.yaml` for Cassandra 5.0. Only keys that exist in 5.0's `Config` class may
 * appear (the loader rejects unknown keys); everything not set keeps Cassandra's default.
 */
export function renderCassandraYaml(config: CassandraNodeConfig): string {
  const dir = (name: string): string => path.join(config.dir, name);
  const yaml = {
    cluster_name: config.clusterName,
    partitioner: 'org.apache.cassandra.dht.Murmur3Partitioner',
    endpoint_snitch: 'SimpleSnitch',
    num_tokens: 1,
    initial_token: config.initialToken,
    // A fresh local cluster has no data to stream; all nodes are seeds and start together.
    auto_bootstrap: false,
    listen_address: config.address,
    rpc_address: config.address,
    storage_port: config.storagePort,
    native_transport_port: config.nativePort,
    start_native_transport: true,
    seed_provider: [
      {
        class_name: 'org.apache.cassandra.locator.SimpleSeedProvider',
        parameters: [{ seeds: config.seeds.map((s) => `${s}:${config.storagePort}`).join(',') }],
      },
    ],
    data_file_directories: [dir('data')],
    commitlog_directory: dir('commitlog'),
    saved_caches_directory: dir('saved_caches'),
    hints_directory: dir('hints'),
    cdc_raw_directory: dir('cdc_raw'),
    commitlog_sync: 'periodic',
    commitlog_sync_period: '10s',
    commitlog_segment_size: '8MiB',
    auto_snapshot: false,
    memtable_allocation_type: 'heap_buffers',
    disk_access_mode: 'standard',
    // Small machines: modest thread pools.
    concurrent_reads: 16,
    concurrent_writes: 16,
    concurrent_compactors: 1,
    // Batches fail above 50 KiB as in production (the default); warn only there too, so that the
    // store's batches near the limit do not flood the log.
    batch_size_warn_threshold: '50KiB',
    batch_size_fail_threshold: '50KiB',
    // SASI stays creatable: descriptors written for the original often use it as their custom index.
    sasi_indexes_enabled: true,
    materialized_views_enabled: false,
    ...(config.security?.passwordAuthenticator
      ? { authenticator: 'PasswordAuthenticator', authorizer: 'CassandraAuthorizer' }
      : {}),
    ...(config.security?.tls
      ? {
          client_encryption_options: {
            enabled: true,
            optional: false,
            require_client_auth: false,
            keystore: config.security.tls.keystorePem,
            ssl_context_factory: {
              class_name: 'org.apache.cassandra.security.PEMBasedSslContextFactory',
            },
          },
        }
      : {}),
  };
  return stringify(yaml);
}

/** Logback configuration: the node's `system.log` in its logs directory, INFO and above. */
export function renderLogbackXml(logFile: string): string {
  return `<configuration scan="false">
  <appender name="SYSTEMLOG" class="ch.qos.logback.core.FileAppender">
    <file>${logFile}</file>
    <encoder><pattern>%-5level [%thread] %date{ISO8601} %F:%L - %msg%n</pattern></encoder>
  </appender>
  <root level="INFO"><appender-ref ref="SYSTEMLOG"/></root>
</configuration>
`;
}
