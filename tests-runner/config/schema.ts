/**
 * The load-test configuration: one schema (zod) that validates YAML, JSON and the original
 * `tests.properties` alike, gives the TypeScript type, and is emitted as JSON Schema for editors
 * (`load-test-config.schema.json`). Field names carry their units.
 */
import { z } from 'zod';

import { KEY_CHOICES } from '../generators/key-choice';
import { KEY_GENERATORS, MAX_NODE_INDEX, NODE_KEY_STRIDE } from '../generators/keys';
import { VALUE_GENERATORS } from '../generators/values';
import { WORKLOADS } from '../operations';
import { TARGET_KINDS } from '../targets/kinds';

const int = (min: number, max: number) => z.number().int().min(min).max(max);

/** Cassandra connection and schema placement, shared by the targets that talk to Cassandra. */
export const cassandraSchema = z
  .strictObject({
    contactPoints: z
      .array(z.string().regex(/^[^\s:,]+(:\d{1,5})?$/, 'must be host or host:port'))
      .min(1)
      .default(['127.0.0.1:9042'])
      .describe('CQL contact points, host or host:port'),
    localDataCenter: z.string().min(1).default('datacenter1'),
    keyspace: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,47}$/, 'must be a lower-case CQL identifier')
      .default('testbed_load'),
    replicationFactor: int(1, 9).default(1).describe('for keyspaces a target creates'),
    requestTimeoutMs: int(100, 600_000).default(12_000),
    connectTimeoutMs: int(1000, 600_000)
      .default(30_000)
      .describe('how long set-up waits for Cassandra to accept a connection'),
    consistency: z
      .enum(['one', 'localOne', 'quorum', 'localQuorum', 'all'])
      .default('localOne')
      .describe(
        'of every load-test statement (the original store left the driver default, LOCAL_ONE)',
      ),
    /** Drop the table a target created when the run ends. */
    dropTableAfterRun: z.boolean().default(false),
  })
  .describe('Cassandra connection, used by the driver and store targets');

/** How the store target runs its bulk calls: to compare the store's strategies. */
export const storeSchema = z
  .strictObject({
    bulkGrouping: z
      .enum(['replica', 'partition'])
      .default('replica')
      .describe(
        'replica: partitions on the same replicas share a request; partition: one request per partition, as the original store',
      ),
    maxPartitionsPerRequest: int(1, 1000)
      .default(10)
      .describe('with replica grouping (Cassandra warns above 10 partitions per UNLOGGED batch)'),
  })
  .describe('the store target');

/** Ignite thin-client connection, for the ignite target. */
export const igniteSchema = z
  .strictObject({
    endpoints: z
      .array(z.string().regex(/^[^\s:,]+(:\d{1,5})?$/, 'must be host or host:port'))
      .min(1)
      .default(['127.0.0.1:10800'])
      .describe('thin-client endpoints, host or host:port (Ignite listens on 10800 by default)'),
    cache: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,100}$/, 'must be an Ignite cache name (letters, digits, _ . -)')
      .optional()
      .describe(
        'a cache configured on the servers (with its store); @default - tableName, else derived from the generators',
      ),
    connectTimeoutMs: int(1000, 600_000)
      .default(30_000)
      .describe('how long set-up waits for an Ignite node to accept the thin client'),
    requestTimeoutMs: int(100, 600_000)
      .default(30_000)
      .describe('a call still unanswered after this long fails (the thin client has no timeout)'),
  })
  .describe('Ignite thin-client connection, used by the ignite target');

export const loadTestConfigSchema = z
  .strictObject({
    $schema: z.string().optional().describe('ignored; lets editors find this schema'),
    target: z.enum(TARGET_KINDS).describe('what the workloads call'),
    workloads: z
      .union([z.literal('all'), z.array(z.enum(WORKLOADS)).min(1)])
      .default(['WRITE', 'BULK_WRITE', 'READ', 'BULK_READ'])
      .describe("workloads run in this order; 'all' runs every workload"),
    warmupSeconds: z.number().min(0).max(86_400).default(10),
    durationSeconds: z.number().gt(0).max(86_400).default(60),
    concurrency: int(1, 10_000)
      .default(10)
      .describe('closed loop: workers, one call in flight each; open loop: in-flight window'),
    bulkSize: int(1, 10_000).default(100).describe('entries per bulk call'),
    rateOpsPerSec: z
      .number()
      .gt(0)
      .max(10_000_000)
      .optional()
      .describe('open loop at this many calls per second; omitted: closed loop'),
    readRatio: z.number().min(0).max(1).default(0.5).describe('MIXED: share of reads'),
    thinkTimeMs: int(0, 60_000).default(0).describe('closed loop: pause after each call'),
    verifyReads: z.boolean().default(false).describe('a read value that differs is an error'),
    keys: z
      .strictObject({
        generator: z.enum(KEY_GENERATORS).default('long'),
        choice: z.enum(KEY_CHOICES).default('sequential'),
        perWorker: int(1, 1e10).default(1_000_000).describe('distinct keys per worker'),
        zipfianTheta: z.number().gt(0).lt(1).default(0.99),
      })
      .prefault({}),
    values: z
      .strictObject({
        generator: z.enum(VALUE_GENERATORS).default('long'),
        sizeBytes: int(1, 16 * 1024 * 1024)
          .default(1024)
          .describe('bytes generator only'),
      })
      .prefault({}),
    node: z
      .strictObject({
        index: int(0, MAX_NODE_INDEX).default(0).describe('this node, 0-based; key ranges follow'),
        name: z.string().min(1).optional().describe('@default - the host name'),
      })
      .prefault({}),
    runId: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,100}$/)
      .optional()
      .describe('shared by the nodes of one run; @default - a timestamp'),
    cassandra: cassandraSchema.prefault({}),
    store: storeSchema.prefault({}),
    ignite: igniteSchema.prefault({}),
    tableName: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,47}$/)
      .optional()
      .describe('load.tests.cache.name; @default - derived from the generators'),
    persistenceSettings: z
      .string()
      .optional()
      .describe(
        'persistence descriptor (load.tests.persistence.settings): the store target’s mapping; the ignite target’s key and value types',
      ),
    igniteConfig: z
      .string()
      .optional()
      .describe(
        'load.tests.ignite.config (a Spring XML of the original); accepted for compatibility, the ignite target connects to ignite.endpoints',
      ),
    output: z
      .strictObject({
        dir: z.string().optional().describe('@default - .run/load-tests/<runId>'),
        progressIntervalSeconds: z.number().min(1).max(3600).default(10),
      })
      .prefault({}),
  })
  .superRefine((config, ctx) => {
    if (config.concurrency * config.keys.perWorker > NODE_KEY_STRIDE) {
      ctx.addIssue({
        code: 'custom',
        path: ['keys', 'perWorker'],
        message: `concurrency × keys.perWorker must stay within ${NODE_KEY_STRIDE} so node key ranges stay disjoint`,
      });
    }
    if (config.keys.choice === 'zipfian' && config.keys.perWorker > 10_000_000) {
      ctx.addIssue({
        code: 'custom',
        path: ['keys', 'perWorker'],
        message: 'zipfian choice supports at most 10000000 keys per worker',
      });
    }
    if (config.target === 'noop' && config.verifyReads) {
      ctx.addIssue({
        code: 'custom',
        path: ['verifyReads'],
        message: 'the noop target stores nothing, so reads cannot be verified; set it to false',
      });
    }
  });

/** A validated configuration with every default filled in. */
export type LoadTestConfig = z.output<typeof loadTestConfigSchema>;
/** What a configuration file may contain. */
export type LoadTestConfigInput = z.input<typeof loadTestConfigSchema>;
