/**
 * The cloud-only part of a bed spec: what the CDK app reads to size and place a bed on EC2. The
 * local test bed validates it (so a spec that runs locally also deploys) and ignores it.
 */
import { z } from 'zod';

/** The roles of a bed, in start order. */
export const ROLES = ['cassandra', 'ignite', 'tests', 'ganglia'] as const;
export type Role = (typeof ROLES)[number];

const instanceType = z
  .string()
  .regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, 'must be an EC2 instance type such as m6i.large');

/** EBS storage of one role's instances. */
export const storageSchema = z
  .strictObject({
    sizeGiB: z.number().int().min(8).max(16_384).default(30),
    volumeType: z.enum(['gp3', 'io2']).default('gp3'),
    iops: z
      .number()
      .int()
      .min(3000)
      .max(64_000)
      .optional()
      .describe('@default - the volume type’s baseline (3000 for gp3)'),
  })
  .describe('EBS root volume of the role’s instances');

const perRole = <T extends z.ZodType>(value: T) =>
  z.strictObject({
    cassandra: value.optional(),
    ignite: value.optional(),
    tests: value.optional(),
    ganglia: value.optional(),
  });

export const cloudSchema = z
  .strictObject({
    region: z
      .string()
      .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'must be an AWS region such as eu-west-1')
      .default('eu-west-1'),
    availabilityZone: z
      .string()
      .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/, 'must be an availability zone such as eu-west-1a')
      .optional()
      .describe(
        'one AZ for every node (lower latency, no cross-AZ traffic); @default - the first AZ of the region',
      ),
    instanceTypes: perRole(instanceType)
      .prefault({})
      .describe(
        'per role; @default - cassandra m6i.xlarge, ignite m6i.large, tests c6i.large, ganglia t3.small',
      ),
    storage: perRole(storageSchema).prefault({}).describe('per role; @default - 30 GiB gp3'),
    spot: z.boolean().default(false).describe('spot instances (cheaper, may be reclaimed mid-run)'),
    ttlHours: z
      .number()
      .gt(0)
      .max(168)
      .default(4)
      .describe('the bed deletes itself this long after deploy, whatever happens'),
    tags: z
      .record(
        z
          .string()
          .regex(/^[\w .:/=+@-]{1,128}$/, 'tag keys: 1-128 letters, digits, spaces, _.:/=+-@'),
        z.string().max(256),
      )
      .default({})
      .describe('added to every resource'),
    egress: z
      .enum(['nat', 'public-ipv4'])
      .default('nat')
      .describe(
        'how nodes reach S3 and package mirrors: a NAT gateway (private subnets) or public IPv4 addresses with no ingress',
      ),
    placementGroup: z
      .enum(['none', 'cluster', 'spread', 'partition'])
      .default('none')
      .describe('EC2 placement strategy for the bed’s instances'),
  })
  .describe('cloud-only settings (the CDK app); validated and ignored by the local bed');

export type CloudSettings = z.output<typeof cloudSchema>;
