import { CfnOutput, Fn, Size, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

import { BedLayout, defaultBedPrefix, nodeId } from '../bed/s3-layout';
import { balancedTokens } from '../services/cassandra/tokens';
import { bedAddresses, NODE_ROLES, type NodeRole } from './addresses';
import { BedNetwork, BedEgress } from './bed-network';
import { BedNode, type RootVolumeType } from './bed-node';
import { BedTtl } from './bed-ttl';
import { BootstrapBundle, type BootstrapBundleProps } from './bootstrap-bundle';
import { invalidProp } from './errors';
import { acknowledgeNodeInstance, acknowledgeNodeRole } from './private/nag-acknowledgements';

/** One role's nodes. */
export interface BedFleetProps {
  /** How many nodes (0 for none). */
  readonly count: number;
  readonly instanceType: ec2.InstanceType;
  /** @default Size.gibibytes(30) */
  readonly rootVolumeSize?: Size;
  /** @default RootVolumeType.GP3 */
  readonly rootVolumeType?: RootVolumeType;
  /** @default - the volume type's baseline */
  readonly rootVolumeIops?: number;
  /** @default false */
  readonly spot?: boolean;
}

/** Properties of {@link BedStack}. */
export interface BedStackProps extends StackProps {
  /** The bed id: tags every resource and names the S3 prefix. */
  readonly bedId: string;
  /**
   * The first run's id (TESTBED_RUN_ID); later runs on the live bed get their own.
   * @default 'r00000000-000000-0000' (a fixed id, so synth stays deterministic)
   */
  readonly runId?: string;
  /** The long-lived results bucket (from the results stack). */
  readonly resultsBucket: s3.IBucket;
  /**
   * The bed's key prefix in the results bucket (no trailing slash); the only part of it the nodes may touch.
   * @default `beds/${bedId}` (bed/s3-layout.ts)
   */
  readonly prefix?: string;
  readonly cassandra: BedFleetProps;
  /** @default - no Ignite tier */
  readonly ignite?: BedFleetProps;
  readonly tests: BedFleetProps;
  /** @default - no Ganglia collector */
  readonly ganglia?: BedFleetProps;
  /** @default BedEgress.NAT */
  readonly egress?: BedEgress;
  /** @default - the region's first AZ */
  readonly availabilityZone?: string;
  /** @default - no placement group */
  readonly placementStrategy?: ec2.PlacementGroupStrategy;
  /** When AWS deletes the bed (the TTL). */
  readonly deadline: Date;
  readonly bundle: BootstrapBundleProps;
  /**
   * Cassandra tokens per node: 1 renders a balanced `initial_token` into each node's launcher.
   * @default 1
   */
  readonly cassandraNumTokens?: number;
  /** Tags added to every resource besides `testbed:bed` and `testbed:ttl`. @default - none */
  readonly extraTags?: Readonly<Record<string, string>>;
}

/** The run id of a bed deployed without one. */
export const DEFAULT_RUN_ID = 'r00000000-000000-0000';

/** What the launcher writes to TESTBED_WORK_DIR unless instance store is mounted there. */
export const NODE_WORK_DIR = '/var/lib/testbed';

/**
 * One test bed: its network, one instance per node at a fixed address, an instance role per node
 * role scoped to the bed's prefix, the bootstrap bundle, and the TTL. It owns no bucket.
 */
export class BedStack extends Stack {
  readonly network: BedNetwork;
  readonly nodes: BedNode[] = [];
  readonly roles: Partial<Record<NodeRole, iam.Role>> = {};
  readonly ttl: BedTtl;
  readonly prefix: string;
  readonly addresses: Record<NodeRole, string[]>;

  constructor(scope: Construct, id: string, props: BedStackProps) {
    super(scope, id, props);
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(props.bedId)) {
      throw invalidProp(
        'bedId',
        props.bedId,
        'it must be lower-case letters, digits and - (at most 63)',
        'Rename the bed.',
      );
    }
    const fleets: Record<NodeRole, BedFleetProps | undefined> = {
      cassandra: props.cassandra,
      ignite: props.ignite,
      tests: props.tests,
      ganglia: props.ganglia,
    };
    const counts = Object.fromEntries(NODE_ROLES.map((r) => [r, fleets[r]?.count ?? 0])) as Record<
      NodeRole,
      number
    >;
    if (counts.cassandra < 1)
      throw invalidProp(
        'cassandra.count',
        counts.cassandra,
        'a bed needs at least one Cassandra node',
        'Set cassandra.count ≥ 1.',
      );
    if (counts.tests < 1)
      throw invalidProp(
        'tests.count',
        counts.tests,
        'a bed needs at least one load-test node',
        'Set tests.count ≥ 1.',
      );
    const numTokens = props.cassandraNumTokens ?? 1;
    const layout = new BedLayout(props.prefix ?? defaultBedPrefix(props.bedId));
    this.prefix = layout.prefix;
    const runId = props.runId ?? DEFAULT_RUN_ID;
    const run = layout.run(runId);

    Tags.of(this).add('testbed:bed', props.bedId);
    Tags.of(this).add('testbed:ttl', props.deadline.toISOString());
    for (const [k, v] of Object.entries(props.extraTags ?? {})) Tags.of(this).add(k, v);

    this.network = new BedNetwork(this, 'Network', {
      egress: props.egress ?? BedEgress.NAT,
      ...(props.availabilityZone ? { availabilityZone: props.availabilityZone } : {}),
    });
    this.addresses = bedAddresses(this.network.nodesSubnet.ipv4CidrBlock, counts);
    this.ttl = new BedTtl(this, 'Ttl', { deadline: props.deadline });
    const bundle = new BootstrapBundle(this, 'Bundle', props.bundle);
    const placementGroup = props.placementStrategy
      ? new ec2.PlacementGroup(this, 'Placement', { strategy: props.placementStrategy })
      : undefined;

    const seeds = this.addresses.cassandra.slice(0, Math.min(2, counts.cassandra)).join(',');
    const tokens = numTokens === 1 ? balancedTokens(counts.cassandra) : [];
    const common: Array<[string, string]> = [
      ['TESTBED_BED_ID', props.bedId],
      ['TESTBED_RUN_ID', runId],
      ['TESTBED_S3_BUCKET', props.resultsBucket.bucketName],
      ['TESTBED_S3_PREFIX', this.prefix],
      ['TESTBED_S3_REGION', this.region],
      ['TESTBED_S3_ENDPOINT', ''],
      ['TESTBED_SPEC_KEY', run.spec],
      ['TESTBED_WORK_DIR', NODE_WORK_DIR],
      ['TESTBED_ARTIFACTS_KEY', layout.artifactsPrefix],
      ['TESTBED_DEADLINE', props.deadline.toISOString()],
      ['TESTBED_CASSANDRA_SEEDS', seeds],
      // Monitoring daemons (gmond; gmetad and ganglia-web on the Ganglia node) as systemd units.
      ['TESTBED_DAEMONS', 'systemd'],
    ];

    for (const role of NODE_ROLES) {
      const fleet = fleets[role];
      if (!fleet || fleet.count === 0) continue;
      const instanceRole = new iam.Role(this, `${cap(role)}Role`, {
        assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
        description: `testbed ${props.bedId}: ${role} nodes (S3 only under ${this.prefix})`,
      });
      this.roles[role] = instanceRole;
      props.resultsBucket.grantReadWrite(instanceRole, `${this.prefix}/*`);
      // Debian has no cfn-signal; the launcher signals through the API, for this stack only.
      instanceRole.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['cloudformation:SignalResource'],
          resources: [this.stackId],
        }),
      );
      for (let index = 0; index < fleet.count; index++) {
        const address = this.addresses[role][index] as string;
        const env: Array<[string, string]> = [...common];
        const token = tokens[index];
        if (role === 'cassandra' && token !== undefined)
          env.push(['TESTBED_CASSANDRA_INITIAL_TOKEN', token]);
        const spot = role === 'tests' && (fleet.spot ?? false);
        // A spot node watches its interruption notice (the run is then invalid).
        if (spot) env.push(['TESTBED_IMDS_ENDPOINT', 'http://169.254.169.254']);
        const node = new BedNode(this, `${cap(role)}${index}`, {
          bedId: props.bedId,
          role,
          index,
          vpc: this.network.vpc,
          subnet: this.network.nodesSubnet,
          securityGroup: this.network.securityGroup,
          privateIpAddress: address,
          instanceType: fleet.instanceType,
          instanceRole,
          bundle,
          env,
          statusKey: run.status(nodeId(role, index)),
          resultsBucketName: props.resultsBucket.bucketName,
          deadline: props.deadline,
          ...(fleet.rootVolumeSize ? { rootVolumeSize: fleet.rootVolumeSize } : {}),
          ...(fleet.rootVolumeType ? { rootVolumeType: fleet.rootVolumeType } : {}),
          ...(fleet.rootVolumeIops ? { rootVolumeIops: fleet.rootVolumeIops } : {}),
          ...(placementGroup ? { placementGroup } : {}),
          spot,
        });
        acknowledgeNodeInstance(node.instance);
        this.nodes.push(node);
      }
    }
    for (const role of NODE_ROLES) {
      const r = this.roles[role];
      if (!r) continue;
      bundle.grantRead(r);
      acknowledgeNodeRole(r, { resultsBucket: props.resultsBucket, prefix: this.prefix });
    }

    new CfnOutput(this, 'BedId', {
      value: props.bedId,
      description: 'the bed id (tag testbed:bed)',
    });
    new CfnOutput(this, 'ResultsLocation', {
      value: `s3://${props.resultsBucket.bucketName}/${this.prefix}/`,
      description: 'spec, status, results and report of every run of this bed',
    });
    new CfnOutput(this, 'TtlDeadline', {
      value: props.deadline.toISOString(),
      description: 'AWS deletes this stack then',
    });
    new CfnOutput(this, 'Nodes', {
      value: Fn.join(
        ',',
        this.nodes.map((n) => Fn.join('', [n.node.id, '=', n.instance.instanceId])),
      ),
      description: 'node=instance id, for `testbed cloud logs`',
    });
    const ganglia = this.nodes.find((n) => n.node.id === 'Ganglia0');
    if (ganglia) {
      new CfnOutput(this, 'GangliaPortForward', {
        value: Fn.join('', [
          'aws ssm start-session --region ',
          this.region,
          ' --target ',
          ganglia.instance.instanceId,
          ' --document-name AWS-StartPortForwardingSession --parameters \'{"portNumber":["80"],"localPortNumber":["8080"]}\'',
        ]),
        description: 'then open http://localhost:8080/ganglia/',
      });
    }
  }
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
