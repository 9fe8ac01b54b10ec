import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { renderIgniteSpringXml, type IgniteNodeConfig } from '../../ignite/spring-config';
import { canConnect } from '../cassandra/cql';
import { JvmNode, type JvmNodeSpec } from '../jvm-node';
import { IGNITE_JDK17_FLAGS, IGNITE_PROPERTIES } from './jvm-options';

/** One Ignite server node: its Spring configuration plus where it runs. */
export interface IgniteNodeSpec extends JvmNodeSpec {
  readonly config: IgniteNodeConfig;
  /** Server nodes the cluster is complete with; readiness waits for this topology. */
  readonly expectedServers: number;
  /** Extra classpath entries (the store bridge jar of the Ignite-store issue). */
  readonly extraClasspath?: readonly string[];
  /** Extra JVM system properties, `-Dkey=value`. */
  readonly extraJvmArgs?: readonly string[];
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

/** One local Apache Ignite 2.x server node started with `CommandLineStartup` and generated Spring XML. */
export class IgniteNode extends JvmNode<IgniteNodeSpec> {
  get name(): string {
    return `ignite node ${this.spec.index} (${this.spec.address})`;
  }

  /** `host:port` of the thin-client connector. */
  get clientEndpoint(): string {
    return `${this.spec.address}:${this.spec.config.clientPort ?? 10800}`;
  }

  get configFile(): string {
    return path.join(this.spec.dir, 'ignite-config.xml');
  }

  /** Ignite logs INFO to stdout with IGNITE_QUIET=false: the captured output is its log. */
  get logFiles(): readonly string[] {
    return [];
  }

  protected get ports(): readonly number[] {
    const c = this.spec.config;
    return [c.clientPort ?? 10800, c.discoveryPort ?? 47500, c.communicationPort ?? 47100];
  }

  protected prepare(): void {
    writeFileSync(this.configFile, renderIgniteSpringXml(this.spec.config));
    // A restarted node gets a fresh log: readiness must not be read from the previous run's lines.
    if (existsSync(this.outputFile)) {
      let n = 1;
      while (existsSync(`${this.outputFile}.${n}`)) n++;
      renameSync(this.outputFile, `${this.outputFile}.${n}`);
    }
  }

  protected javaArgs(): string[] {
    const classpath = [`${this.classpath.libDir}/*`, ...(this.spec.extraClasspath ?? [])].join(
      path.delimiter,
    );
    return [
      ...IGNITE_JDK17_FLAGS,
      ...IGNITE_PROPERTIES,
      `-DIGNITE_HOME=${this.spec.dir}`,
      ...(this.spec.extraJvmArgs ?? []),
      '-cp',
      classpath,
      'org.apache.ignite.startup.cmdline.CommandLineStartup',
      this.configFile,
    ];
  }

  /**
   * Ready: the thin-client port accepts, the node finished starting (until then it refuses
   * thin-client handshakes: "Node in recovery mode") and its log shows the complete topology.
   */
  protected async probe(): Promise<boolean> {
    if (!(await canConnect(this.spec.address, this.spec.config.clientPort ?? 10800))) return false;
    const log = readFileSync(this.outputFile, 'utf8');
    return nodeStarted(log) && topologyServers(log) >= this.spec.expectedServers;
  }

  /** Server nodes in the topology this node saw last. */
  currentServers(): number {
    return topologyServers(readFileSync(this.outputFile, 'utf8'));
  }
}
