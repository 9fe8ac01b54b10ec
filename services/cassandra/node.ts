import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { TestbedError } from '../../common/errors';
import type { RunningProcess, ServiceEnvironment } from '../environment';
import { startJvmService } from '../jvm-service';
import type { Classpath } from '../maven';
import type { JvmRuntime } from '../runtime';
import { renderCassandraYaml, renderLogbackXml, type CassandraNodeConfig } from './config';
import { canConnect, cqlReleaseVersion } from './cql';
import { FAST_START_PROPERTIES, JDK17_FLAGS, SERVER_FLAGS } from './jvm-options';

/** One Cassandra node to start: its configuration plus its JVM settings. */
export interface CassandraNodeStart extends CassandraNodeConfig {
  /** Human name, e.g. "cassandra node 2 (10.0.1.12)". */
  readonly name: string;
  readonly heapMiB: number;
  /** Identifies the JVM in `ps`. @default `-Dtestbed.node=<dir>` */
  readonly marker?: string;
  /** Processors Cassandra sizes its thread pools for. @default 2 */
  readonly availableProcessors?: number;
  /** @default 180 s */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** The node's own log file. */
export function cassandraLogFile(dir: string): string {
  return path.join(dir, 'logs', 'system.log');
}

/** Creates the node's directories and writes `cassandra.yaml` and `logback.xml` into `config.dir`. */
export function writeCassandraNodeFiles(config: CassandraNodeConfig): void {
  for (const d of ['data', 'commitlog', 'saved_caches', 'hints', 'cdc_raw', 'logs']) {
    mkdirSync(path.join(config.dir, d), { recursive: true });
  }
  writeFileSync(path.join(config.dir, 'cassandra.yaml'), renderCassandraYaml(config));
  writeFileSync(
    path.join(config.dir, 'logback.xml'),
    renderLogbackXml(cassandraLogFile(config.dir)),
  );
}

/** JVM options and main class of a Cassandra 5.0 node on JDK 17 (heap and marker not included). */
export function cassandraJavaArgs(
  config: Pick<CassandraNodeConfig, 'dir'>,
  classpath: Classpath,
  availableProcessors = 2,
): string[] {
  const jamm = classpath.jars.find((j) => /\/jamm-[^/]+\.jar$/.test(j));
  if (!jamm) {
    throw new TestbedError(`The Cassandra classpath in ${classpath.libDir} has no jamm jar.`, {
      hint: 'Delete that directory; the next start resolves it again.',
    });
  }
  return [
    `-javaagent:${jamm}`,
    ...SERVER_FLAGS,
    ...JDK17_FLAGS,
    `-Dcassandra.config=file://${path.join(config.dir, 'cassandra.yaml')}`,
    `-Dcassandra.storagedir=${config.dir}`,
    `-Dcassandra.logdir=${path.join(config.dir, 'logs')}`,
    `-Dlogback.configurationFile=${path.join(config.dir, 'logback.xml')}`,
    '-Dcassandra-foreground=yes',
    `-Dcassandra.available_processors=${availableProcessors}`,
    ...FAST_START_PROPERTIES,
    '-cp',
    `${classpath.libDir}/*`,
    'org.apache.cassandra.service.CassandraDaemon',
  ];
}

/** CQL-ready: the native port accepts and `system.local` answers. */
export async function cassandraReady(
  config: Pick<CassandraNodeConfig, 'address' | 'nativePort' | 'security'>,
): Promise<boolean> {
  if (!(await canConnect(config.address, config.nativePort))) return false;
  await cqlReleaseVersion(config.address, config.nativePort, config.security);
  return true;
}

/**
 * The Cassandra step: writes the node's configuration, starts its JVM through the environment's
 * runner and returns once it answers CQL (bounded). Ring readiness across nodes is a separate
 * step (`waitForRing`), since only the caller knows every address.
 */
export async function startCassandraNode(
  env: ServiceEnvironment,
  runtime: JvmRuntime,
  node: CassandraNodeStart,
): Promise<RunningProcess> {
  writeCassandraNodeFiles(node);
  return startJvmService(env, runtime, {
    name: node.name,
    dir: node.dir,
    heapMiB: node.heapMiB,
    marker: node.marker ?? `-Dtestbed.node=${node.dir}`,
    javaArgs: cassandraJavaArgs(node, runtime.classpath, node.availableProcessors),
    probe: () => cassandraReady(node),
    logFiles: [cassandraLogFile(node.dir)],
    ...(node.timeoutMs !== undefined ? { timeoutMs: node.timeoutMs } : {}),
    ...(node.signal ? { signal: node.signal } : {}),
  });
}
