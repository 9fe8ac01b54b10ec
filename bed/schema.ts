/**
 * The bed spec: one YAML file that says everything about a test bed — node counts per role,
 * versions, Cassandra and Ignite settings, the load tests, and the cloud-only fields. One zod
 * schema gives the TypeScript types, validates files, and is emitted as JSON Schema for editors
 * (`bed/bed-spec.schema.json`, `npm run schemas`). Checks across fields are in `load-spec.ts`.
 */
import { z } from 'zod';

import { loadTestConfigSchema } from '../tests-runner/config/schema';
import { cloudSchema } from './cloud-schema';

const int = (min: number, max: number) => z.number().int().min(min).max(max);
const seconds = (min: number, max: number, def: number) => int(min, max).default(def);

/** A bed or run id: it becomes part of S3 keys and directory names. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

export const nodeCountsSchema = z
  .strictObject({
    cassandra: int(1, 100).describe('Cassandra nodes'),
    ignite: int(0, 100).default(0).describe('Ignite server nodes (0: no Ignite tier)'),
    tests: int(1, 100).describe('load-test nodes'),
    ganglia: int(0, 1).default(0).describe('the Ganglia collector (0 or 1)'),
  })
  .describe('how many nodes of each role');

export const versionsSchema = z
  .strictObject({
    cassandra: z
      .string()
      .regex(/^5\.0\.\d+$/, 'must be a Cassandra 5.0.x version')
      .default('5.0.9'),
    ignite: z
      .string()
      .regex(/^2\.\d+\.\d+$/, 'must be an Ignite 2.x version (Ignite 3 is a different product)')
      .default('2.17.0'),
    jdk: z.literal(17).default(17).describe('Cassandra 5.0 runs on JDK 11 or 17 only'),
  })
  .describe('versions every node runs');

export const cassandraSettingsSchema = z
  .strictObject({
    clusterName: z
      .string()
      .regex(/^[A-Za-z0-9 _-]{1,64}$/)
      .default('testbed'),
    replicationFactor: int(1, 9)
      .default(1)
      .describe('of the keyspaces the bed creates; at most the number of Cassandra nodes'),
    numTokens: int(1, 256)
      .default(1)
      .describe('1: one balanced initial_token per node; more: vnodes'),
    heapMiB: int(256, 65_536).default(1024),
    snitch: z
      .enum(['GossipingPropertyFileSnitch', 'SimpleSnitch'])
      .default('GossipingPropertyFileSnitch'),
    dataCenter: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,48}$/)
      .default('dc1')
      .describe('GossipingPropertyFileSnitch data centre of every node'),
    rack: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,48}$/)
      .default('rack1'),
    nativePort: int(1024, 65_535).default(9042),
    storagePort: int(1024, 65_535).default(7000),
    yaml: z
      .record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be a cassandra.yaml key'), z.unknown())
      .default({})
      .describe(
        'extra cassandra.yaml settings, applied last (Cassandra rejects unknown keys at start)',
      ),
  })
  .describe('Cassandra settings');

const writeBehindSchema = z.strictObject({
  flushSize: int(0, 10_000_000).optional(),
  flushFrequencyMs: int(0, 3_600_000).optional(),
  batchSize: int(1, 100_000).optional(),
  flushThreads: int(1, 64).optional(),
  coalescing: z.boolean().optional(),
});

export const cacheSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,100}$/, 'must be an Ignite cache name (letters, digits, _ . -)'),
    descriptor: z
      .string()
      .min(1)
      .describe('persistence descriptor (XML, the original module’s format), relative to the spec'),
    atomicity: z.enum(['ATOMIC', 'TRANSACTIONAL']).default('ATOMIC'),
    cacheMode: z.enum(['PARTITIONED', 'REPLICATED']).default('PARTITIONED'),
    backups: int(0, 10).default(0),
    readThrough: z.boolean().default(true),
    writeThrough: z.boolean().default(true),
    writeBehind: writeBehindSchema.optional().describe('@default - synchronous write-through'),
  })
  .describe('one Ignite cache and its persistence');

export const igniteSettingsSchema = z
  .strictObject({
    store: z
      .enum(['ts', 'original'])
      .default('ts')
      .describe(
        'ts: the TypeScript store through the bridge and sidecar; original: the Java store',
      ),
    heapMiB: int(256, 65_536).default(512),
    dataRegionMiB: int(64, 65_536).default(256),
    clientPort: int(1024, 65_535).default(10800),
    discoveryPort: int(1024, 65_535).default(47500),
    communicationPort: int(1024, 65_535).default(47100),
    caches: z.array(cacheSchema).default([]),
  })
  .describe('Ignite settings');

export const loadTestEntrySchema = z
  .strictObject({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be lower-case letters, digits and -'),
    config: z
      .union([
        z.string().min(1).describe('a load-test configuration file, relative to the spec'),
        loadTestConfigSchema,
      ])
      .describe(
        'the load-test configuration, inline or by path; the bed sets contact points, endpoints, node index, run id and output',
      ),
  })
  .describe('one load test; the test nodes run them in order');

export const testsSettingsSchema = z
  .strictObject({
    collector: int(0, 99)
      .default(0)
      .describe('the test node that merges the results and writes the report'),
    loadTests: z.array(loadTestEntrySchema).min(1),
    heapMiB: int(64, 16_384).default(512).describe('Node.js heap of a test node'),
  })
  .describe('the load tests and who collects their results');

export const timeoutsSchema = z
  .strictObject({
    cassandraReadySeconds: seconds(10, 7200, 300),
    igniteReadySeconds: seconds(10, 7200, 300),
    barrierSeconds: seconds(5, 7200, 120).describe('test nodes wait this long for each other'),
    runSeconds: seconds(10, 86_400, 3600).describe('one test node’s load tests, all of them'),
    resultsSeconds: seconds(5, 86_400, 300).describe(
      'the collector waits this long for every node’s results after its own',
    ),
  })
  .describe('every wait of the bed is bounded by one of these');

export const bedSpecSchema = z
  .strictObject({
    $schema: z.string().optional().describe('ignored; lets editors find this schema'),
    name: z
      .string()
      .regex(ID_PATTERN, 'must be lower-case letters, digits and - (it becomes part of S3 keys)')
      .describe('the bed id'),
    description: z.string().max(500).optional(),
    nodes: nodeCountsSchema,
    versions: versionsSchema.prefault({}),
    cassandra: cassandraSettingsSchema.prefault({}),
    ignite: igniteSettingsSchema.prefault({}),
    tests: testsSettingsSchema,
    timeouts: timeoutsSchema.prefault({}),
    cloud: cloudSchema.prefault({}),
  })
  .describe('a test bed: Cassandra, Ignite and load-test nodes, and the tests they run');

/** A validated bed spec, defaults filled in (load-test configs given by path not yet read). */
export type BedSpec = z.output<typeof bedSpecSchema>;
/** What a bed spec file may contain. */
export type BedSpecInput = z.input<typeof bedSpecSchema>;
export type CacheSpec = z.output<typeof cacheSchema>;
