import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { renderIgniteSpringXml, type IgniteNodeConfig } from '../../ignite/spring-config';
import { canConnect } from '../cassandra/cql';
import type { RunningProcess, ServiceEnvironment } from '../environment';
import { jvmOutputFile, startJvmService } from '../jvm-service';
import type { Classpath } from '../maven';
import type { JvmRuntime } from '../runtime';
import { IGNITE_JDK17_FLAGS, IGNITE_PROPERTIES } from './jvm-options';

/** One Ignite server node: its Spring configuration plus how its JVM runs. */
export interface IgniteNodeSettings {
  /** The node's directory: configuration, work directory and logs. */
  readonly dir: string;
  readonly config: IgniteNodeConfig;
  /** Server nodes the cluster is complete with; readiness waits for this topology. */
  readonly expectedServers: number;
  /** Extra classpath entries (the store bridge jar). */
  readonly extraClasspath?: readonly string[];
  /** Extra JVM system properties, `-Dkey=value`. */
  readonly extraJvmArgs?: readonly string[];
}

/** One Ignite node to start. */
export interface IgniteNodeStart extends IgniteNodeSettings {
  /** Human name, e.g. "ignite node 1 (10.0.2.11)". */
  readonly name: string;
  readonly heapMiB: number;
  /** Identifies the JVM in `ps`. @default `-Dtestbed.node=<dir>` */
  readonly marker?: string;
  /** @default 180 s */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/**
 * The server count of the newest topology (highest version) in an Ignite log, or 0. Not the last
 * line: a node that joins while another starts prints the summary of its own start, with the
 * older topology, after the newer snapshot.
 */
export function topologyServers(log: string): number {
  let newest = -1;
  let servers = 0;
  for (const m of log.matchAll(/Topology snapshot \[ver=(\d+)[^\]]*?servers=(\d+)/g)) {
    const ver = Number(m[1]);
    if (ver >= newest) {
      newest = ver;
      servers = Number(m[2]);
    }
  }
  return servers;
}

/** Whether an Ignite log shows the end of the node's start ("Node started : [stage=…"). */
export function nodeStarted(log: string): boolean {
  return /^INFO: Node started : /m.test(log);
}

/** The node's Spring XML file. */
export function igniteConfigFile(dir: string): string {
  return path.join(dir, 'ignite-config.xml');
}

/** The ports a node binds on its address: thin client, discovery, communication. */
export function ignitePorts(config: IgniteNodeConfig): number[] {
  return [
    config.clientPort ?? 10800,
    config.discoveryPort ?? 47500,
    config.communicationPort ?? 47100,
  ];
}

/**
 * Writes the node's Spring XML. A restarted node's earlier output is moved aside: readiness must
 * not be read from the previous run's lines (Ignite logs INFO to stdout with IGNITE_QUIET=false).
 */
export function writeIgniteNodeFiles(node: Pick<IgniteNodeSettings, 'dir' | 'config'>): void {
  writeFileSync(igniteConfigFile(node.dir), renderIgniteSpringXml(node.config));
  const output = jvmOutputFile(node.dir);
  if (existsSync(output)) {
    let n = 1;
    while (existsSync(`${output}.${n}`)) n++;
    renameSync(output, `${output}.${n}`);
  }
}

/** JVM options, main class and arguments of an Ignite 2.x node on JDK 17 (no heap, no marker). */
export function igniteJavaArgs(node: IgniteNodeSettings, classpath: Classpath): string[] {
  const cp = [`${classpath.libDir}/*`, ...(node.extraClasspath ?? [])].join(path.delimiter);
  return [
    ...IGNITE_JDK17_FLAGS,
    ...IGNITE_PROPERTIES,
    `-DIGNITE_HOME=${node.dir}`,
    ...(node.extraJvmArgs ?? []),
    '-cp',
    cp,
    'org.apache.ignite.startup.cmdline.CommandLineStartup',
    igniteConfigFile(node.dir),
  ];
}

/** Server nodes in the topology the node saw last (from its output). */
export function currentServers(dir: string): number {
  return topologyServers(readFileSync(jvmOutputFile(dir), 'utf8'));
}

/**
 * Ready: the thin-client port accepts, the node finished starting (until then it refuses
 * thin-client handshakes: "Node in recovery mode") and its log shows the complete topology.
 */
export async function igniteReady(node: IgniteNodeSettings): Promise<boolean> {
  if (!(await canConnect(node.config.localAddress, node.config.clientPort ?? 10800))) return false;
  const log = readFileSync(jvmOutputFile(node.dir), 'utf8');
  return nodeStarted(log) && topologyServers(log) >= node.expectedServers;
}

/**
 * The Ignite step: writes the node's configuration, starts its JVM through the environment's
 * runner and returns once it serves thin clients and sees the expected server topology.
 */
export async function startIgniteNode(
  env: ServiceEnvironment,
  runtime: JvmRuntime,
  node: IgniteNodeStart,
): Promise<RunningProcess> {
  writeIgniteNodeFiles(node);
  return startJvmService(env, runtime, {
    name: node.name,
    dir: node.dir,
    heapMiB: node.heapMiB,
    marker: node.marker ?? `-Dtestbed.node=${node.dir}`,
    javaArgs: igniteJavaArgs(node, runtime.classpath),
    probe: () => igniteReady(node),
    logFiles: [],
    ...(node.timeoutMs !== undefined ? { timeoutMs: node.timeoutMs } : {}),
    ...(node.signal ? { signal: node.signal } : {}),
  });
}
