import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import IgniteClient from 'apache-ignite-client';
import { $ } from 'zx';

import { allocateLoopbackBlock } from '../../local';
import { buildBridge, findJdk, IGNITE, IGNITE_JDK17_FLAGS, resolveClasspath } from '../../services';
import {
  IgniteStoreCluster,
  type IgniteStoreClusterProps,
  type StoreCacheSpec,
} from '../../local/ignite/store-cluster';
import { SidecarClient } from '../../ignite/sidecar/client';
import type { DataSource } from '../../store';
import { integrationServices, suiteDir } from './services';
import { RF1 } from './store';

/** Writes a persistence descriptor into `dir` and returns its path. */
export function writeDescriptor(dir: string, name: string, xml: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.xml`);
  writeFileSync(file, xml);
  return file;
}

/** A PRIMITIVE descriptor: `<keyClass>` key column `id`, `<valueClass>` value column `val`. */
export function primitiveDescriptor(
  keyspace: string,
  table: string,
  keyClass = 'java.lang.Long',
  valueClass = 'java.lang.String',
): string {
  return `<persistence keyspace="${keyspace}" table="${table}">
    <keyspaceOptions>${RF1}</keyspaceOptions>
    <keyPersistence class="${keyClass}" strategy="PRIMITIVE" column="id"/>
    <valuePersistence class="${valueClass}" strategy="PRIMITIVE" column="val"/>
</persistence>`;
}

/** The POJO descriptor of the tests: an order keyed by customer (partition) and number (clustering). */
export function ordersDescriptor(keyspace: string, table: string): string {
  return `<persistence keyspace="${keyspace}" table="${table}">
    <keyspaceOptions>${RF1}</keyspaceOptions>
    <keyPersistence class="com.acme.OrderId" strategy="POJO">
        <partitionKey><field name="customer" type="text"/></partitionKey>
        <clusterKey><field name="orderNo" column="order_no" type="bigint" sort="desc"/></clusterKey>
    </keyPersistence>
    <valuePersistence class="com.acme.Order" strategy="POJO">
        <field name="amount" type="decimal"/>
        <field name="placed" type="timestamp"/>
        <field name="status" type="text"/>
        <field name="qty" type="int"/>
        <field name="items" type="list&lt;text&gt;"/>
        <field name="ref" type="uuid"/>
        <field name="customerName" column="customer_name" type="text" static="true"/>
    </valuePersistence>
</persistence>`;
}

/** The POJO descriptor of the baseline tests: only column types the original store maps natively. */
export function peopleDescriptor(keyspace: string, table: string): string {
  return `<persistence keyspace="${keyspace}" table="${table}">
    <keyspaceOptions>${RF1}</keyspaceOptions>
    <keyPersistence class="com.acme.PersonId" strategy="POJO">
        <partitionKey><field name="company" type="text"/></partitionKey>
        <clusterKey><field name="number" type="bigint"/></clusterKey>
    </keyPersistence>
    <valuePersistence class="com.acme.Person" strategy="POJO">
        <field name="name" type="text"/>
        <field name="age" type="int"/>
        <field name="born" type="timestamp"/>
        <field name="score" type="double"/>
        <field name="ref" type="uuid"/>
        <field name="amount" type="decimal"/>
    </valuePersistence>
</persistence>`;
}

/**
 * Stops what a suite started, whatever beforeAll got to: the client, the cluster, the suite's
 * keyspace and its data source.
 */
export async function stopSuite(parts: {
  readonly client?: IgniteClient | SidecarClient | undefined;
  readonly cluster?: { stop(): Promise<void> } | undefined;
  readonly ds?: DataSource | undefined;
  readonly keyspace: string;
}): Promise<void> {
  if (parts.client instanceof SidecarClient) parts.client.close();
  else parts.client?.disconnect();
  try {
    await parts.cluster?.stop();
  } finally {
    if (parts.ds) {
      await parts.ds.client.execute(`drop keyspace if exists ${parts.keyspace}`);
      await parts.ds.close();
    }
  }
}

/** A running store cluster of a suite, on a loopback block of its own, against the run's Cassandra. */
export async function startStoreCluster(
  name: string,
  caches: readonly StoreCacheSpec[],
  options: Partial<IgniteStoreClusterProps> = {},
): Promise<IgniteStoreCluster> {
  const loopback = allocateLoopbackBlock();
  try {
    return await IgniteStoreCluster.start({
      dir: path.join(suiteDir(name), 'cluster'),
      cassandra: { contactPoints: integrationServices().cassandra },
      caches,
      loopback,
      log: () => undefined,
      ...options,
    });
  } catch (error) {
    loopback.release();
    throw error;
  }
}

/** A connected Node thin client. */
export async function connectClient(endpoints: readonly string[]): Promise<IgniteClient> {
  const client = new IgniteClient();
  await client.connect(new IgniteClient.IgniteClientConfiguration(...endpoints));
  return client;
}

/**
 * Runs transactions through the Java thin client (test/support/java/TxDriver.java); one result per
 * command: `ok` or `error <message>`.
 */
export async function runTransactions(
  endpoint: string,
  commands: readonly string[],
): Promise<string[]> {
  const env = process.env;
  const jdk = findJdk({ env });
  const ignite = await resolveClasspath({ pom: IGNITE.pom, name: IGNITE.name, jdk, env });
  const driver = path.join(__dirname, 'java', 'TxDriver.java');
  const out = await $({
    quiet: true,
    timeout: 120_000,
  })`${jdk.java} ${IGNITE_JDK17_FLAGS} -cp ${`${ignite.libDir}/*`} ${driver} ${endpoint} ${commands}`;
  return out.stdout.trim().split('\n');
}

/**
 * Runs a class of the bridge's test sources (`ignite/bridge/src/test/java`) in a JDK 17 JVM with
 * the bridge and Ignite on the classpath; resolves to its stdout (trimmed). Builds the bridge and
 * resolves Ignite first, so call it from a `beforeAll` with a generous timeout.
 */
export async function bridgeTestMain(
  className: string,
): Promise<(args: string[], options?: { input?: string; timeoutMs?: number }) => Promise<string>> {
  const env = process.env;
  const jdk = findJdk({ env });
  const [bridge, ignite] = await Promise.all([
    buildBridge({ jdk, log: () => undefined, env }),
    resolveClasspath({ pom: IGNITE.pom, name: IGNITE.name, jdk, log: () => undefined, env }),
  ]);
  const classpath = [bridge.testClasses, bridge.jar, `${ignite.libDir}/*`].join(path.delimiter);
  return async (args, options = {}) => {
    const p = $({
      quiet: true,
      nothrow: true,
      timeout: options.timeoutMs ?? 60_000,
      ...(options.input !== undefined ? { input: options.input } : {}),
    })`${jdk.java} -cp ${classpath} io.github.ignitecassandratestbed.bridge.${className} ${args}`;
    const result = await p;
    if (result.exitCode !== 0) {
      throw new Error(
        `${className} ${args.join(' ')} exited with ${String(result.exitCode)}:\n${result.stdout}\n${result.stderr}`,
      );
    }
    return result.stdout.trim();
  };
}
