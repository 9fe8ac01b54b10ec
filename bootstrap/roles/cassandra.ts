/**
 * The `cassandra` role: JDK 17 and the staged Cassandra jars, `cassandra.yaml` for this node
 * (seeds = the first two nodes, balanced `initial_token` or vnodes, the spec's snitch, dc and
 * rack, `auto_bootstrap: false` since all nodes start together), start, wait until this node sees
 * every Cassandra node Up/Normal, report `ready`, keep running.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { Client, policies } from 'cassandra-driver';
import { parse, stringify } from 'yaml';

import {
  balancedTokens,
  cassandraJavaArgs,
  cassandraLogFile,
  cassandraReady,
  findJdk,
  jvmOutputFile,
  renderCassandraYaml,
  startJvmService,
  waitForRing,
  writeCassandraNodeFiles,
  type CassandraNodeConfig,
} from '../../services';
import { CASSANDRA_METRICS, cassandraPoll, processMemoryPoll } from '../../monitoring';
import { ARTIFACTS, fetchLibrary } from '../shared/artifacts';
import type { RoleContext } from '../shared/context';
import { supervise } from './supervise';

/** The node's cassandra.yaml: the services' rendering plus the bed's snitch, tokens and extras. */
export function bedCassandraYaml(ctx: RoleContext, config: CassandraNodeConfig): string {
  const c = ctx.bed.spec.cassandra;
  const yaml = parse(renderCassandraYaml(config)) as Record<string, unknown>;
  yaml.endpoint_snitch = c.snitch;
  if (c.numTokens > 1) {
    delete yaml.initial_token;
    yaml.num_tokens = c.numTokens;
    yaml.allocate_tokens_for_local_replication_factor = c.replicationFactor;
  }
  return stringify({ ...yaml, ...c.yaml });
}

export async function cassandraRole(ctx: RoleContext): Promise<void> {
  const { identity, bed } = ctx;
  const c = bed.spec.cassandra;
  const addresses = bed.addresses.cassandra;
  const dir = path.join(identity.workDir, 'cassandra');
  await ctx.status.enter('installing', 'JDK 17 and the staged Cassandra jars');
  const jdk = findJdk({ env: ctx.variables });
  const classpath = await fetchLibrary(
    ctx.bucket,
    identity.artifactsKey,
    ARTIFACTS.cassandraLib,
    path.join(identity.workDir, 'lib', 'cassandra'),
  );
  await ctx.status.enter('configuring', `cassandra.yaml for ${identity.address}`);
  const config: CassandraNodeConfig = {
    clusterName: c.clusterName,
    address: identity.address,
    nativePort: c.nativePort,
    storagePort: c.storagePort,
    seeds: addresses.slice(0, 2),
    initialToken: balancedTokens(addresses.length)[identity.index] ?? '0',
    dir,
  };
  writeCassandraNodeFiles(config);
  writeFileSync(path.join(dir, 'cassandra.yaml'), bedCassandraYaml(ctx, config));
  writeFileSync(
    path.join(dir, 'cassandra-rackdc.properties'),
    `dc=${c.dataCenter}\nrack=${c.rack}\n`,
  );
  const name = `cassandra node ${identity.index} (${identity.address})`;
  const timeoutMs = ctx.bounded(bed.spec.timeouts.cassandraReadySeconds * 1000);
  const started = Date.now();
  const proc = await startJvmService(
    { variables: ctx.variables, runner: ctx.runner, log: ctx.log },
    { jdk, classpath },
    {
      name,
      dir,
      heapMiB: c.heapMiB,
      marker: `-Dtestbed.node=${dir}`,
      javaArgs: [
        `-Dcassandra-rackdc.properties=file://${path.join(dir, 'cassandra-rackdc.properties')}`,
        ...cassandraJavaArgs(config, classpath),
      ],
      probe: () => cassandraReady(config),
      logFiles: [cassandraLogFile(dir)],
      timeoutMs,
      signal: ctx.signal,
    },
  );
  await ctx.status.enter(
    'waiting',
    `answers CQL; waiting for ${addresses.length} node(s) Up/Normal`,
  );
  const contactPoints = addresses.map((a) => `${a}:${c.nativePort}`);
  const client = new Client({
    contactPoints,
    localDataCenter: c.snitch === 'SimpleSnitch' ? 'datacenter1' : c.dataCenter,
    socketOptions: { connectTimeout: 3000, readTimeout: 10_000 },
  });
  try {
    await client.connect();
    await waitForRing(
      client,
      addresses,
      contactPoints,
      Math.max(10_000, timeoutMs - (Date.now() - started)),
    );
  } catch (error) {
    await proc.stop(10_000);
    throw error;
  } finally {
    await client.shutdown();
  }
  await ctx.status.enter('ready', `ring of ${addresses.length} Up/Normal`);
  const self = `${identity.address}:${c.nativePort}`;
  // Virtual tables are local to the node that answers: this client talks to this node only.
  const local = new Client({
    contactPoints: [self],
    localDataCenter: c.snitch === 'SimpleSnitch' ? 'datacenter1' : c.dataCenter,
    policies: {
      loadBalancing: new policies.loadBalancing.AllowListPolicy(
        new policies.loadBalancing.RoundRobinPolicy(),
        [self],
      ),
    },
    socketOptions: { connectTimeout: 3000, readTimeout: 4000 },
  });
  ctx.monitoring?.poll(`${ctx.node} virtual tables`, cassandraPoll(local));
  ctx.monitoring?.poll(
    `${ctx.node} memory`,
    processMemoryPoll(proc.pid, CASSANDRA_METRICS.rss, 'cassandra'),
  );
  try {
    await supervise(ctx, [{ name, proc, logs: [jvmOutputFile(dir), cassandraLogFile(dir)] }]);
  } finally {
    await local.shutdown().catch(() => undefined);
  }
}

/** The log files of the role, shipped on exit. */
export function cassandraLogs(workDir: string): string[] {
  const dir = path.join(workDir, 'cassandra');
  return [jvmOutputFile(dir), cassandraLogFile(dir)];
}
