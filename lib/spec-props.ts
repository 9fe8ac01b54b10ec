/**
 * The thin mapping from a bed spec (bed/, issue 13) to {@link BedStackProps}: instance types,
 * storage, spot, egress, placement and tags from `cloud`, node counts from `nodes`. Errors name
 * the spec key; every check runs before any construct exists.
 */
import { Size } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as s3 from 'aws-cdk-lib/aws-s3';

import { checkNodeCounts, NODE_ROLES, type NodeRole } from './addresses';
import { BedEgress } from './bed-network';
import { MIN_CASSANDRA_EBS_DATA, RootVolumeType } from './bed-node';
import type { BedFleetProps, BedStackProps } from './bed-stack';
import type { BootstrapBundleProps } from './bootstrap-bundle';
import { CloudBedError } from './errors';
import { hasInstanceStore } from './instance-types';

/** The parts of a bed spec the CDK app reads (structurally a subset of bed/'s `BedSpec`). */
export interface CloudBedSpec {
  readonly name: string;
  readonly nodes: Readonly<{ cassandra: number; ignite?: number; tests: number; ganglia?: number }>;
  readonly cassandra?: { readonly numTokens?: number };
  readonly cloud?: {
    readonly region?: string;
    readonly availabilityZone?: string;
    readonly instanceTypes?: Partial<Record<NodeRole, string>>;
    readonly storage?: Partial<
      Record<NodeRole, { sizeGiB?: number; volumeType?: 'gp3' | 'io2'; iops?: number }>
    >;
    readonly spot?: boolean;
    readonly ttlHours?: number;
    readonly tags?: Readonly<Record<string, string>>;
    readonly egress?: 'nat' | 'public-ipv4';
    readonly placementGroup?: 'none' | 'cluster' | 'spread' | 'partition';
  };
}

/** The spec's defaults for instance types (bed/cloud-schema.ts), repeated for partial specs. */
export const DEFAULT_INSTANCE_TYPES: Record<NodeRole, string> = {
  cassandra: 'm6i.xlarge',
  ignite: 'm6i.large',
  tests: 'c6i.large',
  ganglia: 't3.small',
};
export const DEFAULT_REGION = 'eu-west-1';
export const DEFAULT_TTL_HOURS = 4;
/** The TTL must leave at least this long for deploy and a run. */
export const MIN_TTL_LEAD_MINUTES = 15;
/** Longest TTL (a week), as in the spec schema. */
export const MAX_TTL_HOURS = 168;

/** Inputs that are not in the spec. */
export interface SpecPropsContext {
  readonly deadline: Date;
  /** The clock, injected: the deadline must be in the future. */
  readonly now: Date;
  readonly bundle: BootstrapBundleProps;
  readonly resultsBucket: s3.IBucket;
  /** @default - the bed stack's fixed default run id */
  readonly runId?: string;
  /** Where the spec came from, for messages. @default 'the bed spec' */
  readonly source?: string;
}

/** Checks a TTL deadline against the clock: not past, not too close, not beyond a week. */
export function checkDeadline(deadline: Date, now: Date): void {
  if (Number.isNaN(deadline.getTime())) {
    throw new CloudBedError('deadline', 'the TTL deadline is not a valid time.', {
      hint: 'Pass an ISO time: -c ttlDeadline=2026-12-08T03:00:00Z (testbed cloud up computes it from cloud.ttlHours).',
    });
  }
  const leadMin = (deadline.getTime() - now.getTime()) / 60_000;
  if (leadMin < MIN_TTL_LEAD_MINUTES) {
    throw new CloudBedError(
      'deadline',
      `the TTL deadline ${deadline.toISOString()} is ${leadMin < 0 ? 'in the past' : `only ${Math.floor(leadMin)} min away`}; it must be at least ${MIN_TTL_LEAD_MINUTES} min after now (${now.toISOString()}).`,
      { hint: 'Pick a later deadline (or `testbed cloud up --ttl 4h`).' },
    );
  }
  if (leadMin > MAX_TTL_HOURS * 60) {
    throw new CloudBedError(
      'deadline',
      `the TTL deadline ${deadline.toISOString()} is more than ${MAX_TTL_HOURS} h away.`,
      {
        hint: 'Beds live at most a week; deploy again to extend.',
      },
    );
  }
}

/** Maps a spec to the bed stack's props (without `env`, which the app sets from `cloud.region`). */
export function bedStackPropsFromSpec(spec: CloudBedSpec, ctx: SpecPropsContext): BedStackProps {
  const where = ctx.source ?? 'the bed spec';
  checkDeadline(ctx.deadline, ctx.now);
  const counts = {
    cassandra: spec.nodes.cassandra,
    ignite: spec.nodes.ignite ?? 0,
    tests: spec.nodes.tests,
    ganglia: spec.nodes.ganglia ?? 0,
  };
  try {
    checkNodeCounts(counts);
  } catch (e) {
    if (e instanceof CloudBedError)
      throw new CloudBedError(e.code, `${where}: ${e.message}`, {
        ...(e.hint ? { hint: e.hint } : {}),
      });
    throw e;
  }
  const cloud = spec.cloud ?? {};
  const fleet = (role: NodeRole): BedFleetProps => {
    const type = cloud.instanceTypes?.[role] ?? DEFAULT_INSTANCE_TYPES[role];
    const storage = cloud.storage?.[role] ?? {};
    const sizeGiB = storage.sizeGiB ?? 30;
    if (
      role === 'cassandra' &&
      !hasInstanceStore(type) &&
      sizeGiB < MIN_CASSANDRA_EBS_DATA.toGibibytes()
    ) {
      throw new CloudBedError(
        'spec',
        `${where}: cloud.instanceTypes.cassandra is ${type}, which has no instance-store NVMe, and cloud.storage.cassandra.sizeGiB is ${sizeGiB}; Cassandra data then needs a root volume of at least ${MIN_CASSANDRA_EBS_DATA.toGibibytes()} GiB.`,
        {
          hint: 'Use a type with NVMe (i4i, m7gd, c7gd, r7gd …) or raise cloud.storage.cassandra.sizeGiB.',
        },
      );
    }
    let instanceType: ec2.InstanceType;
    try {
      instanceType = new ec2.InstanceType(type);
      // The architecture getter throws for types it cannot parse; check it here, not at synth.
      instanceType.sameInstanceClassAs(instanceType);
    } catch (e) {
      throw new CloudBedError(
        'spec',
        `${where}: cloud.instanceTypes.${role} is ${JSON.stringify(type)}, which is not an EC2 instance type.`,
        {
          hint: 'Use a type such as m6i.large.',
          cause: e,
        },
      );
    }
    if (storage.volumeType === 'io2' && storage.iops === undefined) {
      throw new CloudBedError(
        'spec',
        `${where}: cloud.storage.${role}.volumeType is io2 without cloud.storage.${role}.iops.`,
        {
          hint: 'Give io2 volumes provisioned IOPS (e.g. iops: 3000) or use gp3.',
        },
      );
    }
    return {
      count: counts[role],
      instanceType,
      rootVolumeSize: Size.gibibytes(sizeGiB),
      rootVolumeType: storage.volumeType === 'io2' ? RootVolumeType.IO2 : RootVolumeType.GP3,
      ...(storage.iops !== undefined ? { rootVolumeIops: storage.iops } : {}),
      spot: role === 'tests' && (cloud.spot ?? false),
    };
  };
  const fleets = Object.fromEntries(NODE_ROLES.map((r) => [r, fleet(r)])) as Record<
    NodeRole,
    BedFleetProps
  >;
  const placement = cloud.placementGroup ?? 'none';
  return {
    bedId: spec.name,
    ...(ctx.runId ? { runId: ctx.runId } : {}),
    resultsBucket: ctx.resultsBucket,
    cassandra: fleets.cassandra,
    tests: fleets.tests,
    ...(counts.ignite > 0 ? { ignite: fleets.ignite } : {}),
    ...(counts.ganglia > 0 ? { ganglia: fleets.ganglia } : {}),
    egress: cloud.egress === 'public-ipv4' ? BedEgress.PUBLIC_IPV4 : BedEgress.NAT,
    ...(cloud.availabilityZone ? { availabilityZone: cloud.availabilityZone } : {}),
    ...(placement !== 'none'
      ? {
          placementStrategy: {
            cluster: ec2.PlacementGroupStrategy.CLUSTER,
            spread: ec2.PlacementGroupStrategy.SPREAD,
            partition: ec2.PlacementGroupStrategy.PARTITION,
          }[placement],
        }
      : {}),
    deadline: ctx.deadline,
    bundle: ctx.bundle,
    cassandraNumTokens: spec.cassandra?.numTokens ?? 1,
    ...(cloud.tags ? { extraTags: cloud.tags } : {}),
  };
}
