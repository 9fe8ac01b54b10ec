import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { TestbedError } from '../../common/errors';
import { JvmNode, type JvmNodeSpec } from '../jvm-node';
import { renderCassandraYaml, renderLogbackXml, type CassandraNodeConfig } from './config';
import { canConnect, cqlReleaseVersion } from './cql';
import { FAST_START_PROPERTIES, JDK17_FLAGS, SERVER_FLAGS } from './jvm-options';

/** Everything needed to (re)start one node; also what the CLI's state file stores. */
export interface CassandraNodeSpec extends JvmNodeSpec, CassandraNodeConfig {}

/** One local Cassandra node: a JVM started from the Maven classpath with a generated configuration. */
export class CassandraNode extends JvmNode<CassandraNodeSpec> {
  get name(): string {
    return `cassandra node ${this.spec.index} (${this.spec.address})`;
  }

  /** `host:port` of the node's CQL endpoint. */
  get contactPoint(): string {
    return `${this.spec.address}:${this.spec.nativePort}`;
  }

  get logFiles(): readonly string[] {
    return [path.join(this.spec.dir, 'logs', 'system.log')];
  }

  protected get ports(): readonly number[] {
    return [this.spec.nativePort, this.spec.storagePort];
  }

  protected prepare(): void {
    for (const d of ['data', 'commitlog', 'saved_caches', 'hints', 'cdc_raw']) {
      mkdirSync(path.join(this.spec.dir, d), { recursive: true });
    }
    writeFileSync(path.join(this.spec.dir, 'cassandra.yaml'), renderCassandraYaml(this.spec));
    writeFileSync(
      path.join(this.spec.dir, 'logback.xml'),
      renderLogbackXml(this.logFiles[0] ?? ''),
    );
  }

  protected javaArgs(): string[] {
    const jamm = this.classpath.jars.find((j) => /\/jamm-[^/]+\.jar$/.test(j));
    if (!jamm) {
      throw new TestbedError(
        `The Cassandra classpath in ${this.classpath.libDir} has no jamm jar.`,
        {
          hint: 'Delete that directory; the next start resolves it again.',
        },
      );
    }
    return [
      `-javaagent:${jamm}`,
      ...SERVER_FLAGS,
      ...JDK17_FLAGS,
      `-Dcassandra.config=file://${path.join(this.spec.dir, 'cassandra.yaml')}`,
      `-Dcassandra.storagedir=${this.spec.dir}`,
      `-Dcassandra.logdir=${path.join(this.spec.dir, 'logs')}`,
      `-Dlogback.configurationFile=${path.join(this.spec.dir, 'logback.xml')}`,
      '-Dcassandra-foreground=yes',
      '-Dcassandra.available_processors=2',
      ...FAST_START_PROPERTIES,
      '-cp',
      `${this.classpath.libDir}/*`,
      'org.apache.cassandra.service.CassandraDaemon',
    ];
  }

  /** CQL-ready: the native port accepts and `system.local` answers. */
  protected async probe(): Promise<boolean> {
    if (!(await canConnect(this.spec.address, this.spec.nativePort))) return false;
    await cqlReleaseVersion(this.spec.address, this.spec.nativePort, this.spec.security);
    return true;
  }
}
