import { RemovalPolicy, Tags } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

import { invalidProp } from './errors';

/** How a bed's nodes reach Debian mirrors (S3 always goes through the gateway endpoint). */
export enum BedEgress {
  /** Nodes in a private subnet behind one NAT gateway (no public addresses at all). */
  NAT = 'nat',
  /** Nodes in a public subnet with public IPv4 addresses and no ingress rule (cheapest). */
  PUBLIC_IPV4 = 'public-ipv4',
}

/** Properties of {@link BedNetwork}. */
export interface BedNetworkProps {
  /**
   * Egress for packages.
   * @default BedEgress.NAT
   */
  readonly egress?: BedEgress;
  /**
   * The VPC's CIDR; the nodes subnet is its first /24, so fixed node addresses are known at synth.
   * @default '10.42.0.0/16'
   */
  readonly cidr?: string;
  /**
   * The one availability zone of the bed.
   * @default - the region's first AZ
   */
  readonly availabilityZone?: string;
  /**
   * How long the VPC flow log keeps records.
   * @default logs.RetentionDays.ONE_WEEK
   */
  readonly flowLogRetention?: logs.RetentionDays;
}

/**
 * A bed's own network: one VPC in one AZ with a /24 nodes subnet, egress as chosen, the free S3
 * gateway endpoint, a flow log, and one security group that admits traffic only from its own
 * members (no ingress from outside the bed; people come in through SSM Session Manager).
 */
export class BedNetwork extends Construct {
  readonly vpc: ec2.Vpc;
  /** The subnet every node lives in; its CIDR is a literal /24. */
  readonly nodesSubnet: ec2.ISubnet;
  readonly securityGroup: ec2.SecurityGroup;
  readonly egress: BedEgress;

  constructor(scope: Construct, id: string, props: BedNetworkProps = {}) {
    super(scope, id);
    this.egress = props.egress ?? BedEgress.NAT;
    const cidr = props.cidr ?? '10.42.0.0/16';
    const m = /^(\d+)\.(\d+)\.0\.0\/(\d+)$/.exec(cidr);
    if (!m || Number(m[3]) < 16 || Number(m[3]) > 23) {
      throw invalidProp(
        'cidr',
        cidr,
        'it must be a literal a.b.0.0/16 to a.b.0.0/23 block',
        "Use a private block such as '10.42.0.0/16'.",
      );
    }
    const nat = this.egress === BedEgress.NAT;
    const nodesType = nat ? ec2.SubnetType.PRIVATE_WITH_EGRESS : ec2.SubnetType.PUBLIC;
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(cidr),
      ...(props.availabilityZone ? { availabilityZones: [props.availabilityZone] } : { maxAzs: 1 }),
      natGateways: nat ? 1 : 0,
      restrictDefaultSecurityGroup: false,
      // The nodes subnet comes first so that it gets the VPC's first /24.
      subnetConfiguration: [
        {
          name: 'Nodes',
          subnetType: nodesType,
          cidrMask: 24,
          ...(nat ? {} : { mapPublicIpOnLaunch: true }),
        },
        ...(nat ? [{ name: 'Egress', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 28 }] : []),
      ],
      gatewayEndpoints: { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } },
    });
    const flowLogGroup = new logs.LogGroup(this, 'FlowLogs', {
      retention: props.flowLogRetention ?? logs.RetentionDays.ONE_WEEK,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup),
      maxAggregationInterval: ec2.FlowLogMaxAggregationInterval.TEN_MINUTES,
    });
    const subnet = this.vpc.selectSubnets({ subnetGroupName: 'Nodes' }).subnets[0];
    if (!subnet) throw new Error('BedNetwork: the Nodes subnet group is empty');
    this.nodesSubnet = subnet;
    this.securityGroup = new ec2.SecurityGroup(this, 'Nodes', {
      vpc: this.vpc,
      description:
        'testbed nodes: traffic only between members of this group, no ingress from outside',
      allowAllOutbound: true,
    });
    this.securityGroup.addIngressRule(
      this.securityGroup,
      ec2.Port.allTraffic(),
      'bed members only (gossip, CQL, Ignite discovery and communication, Ganglia)',
    );
    Tags.of(this.vpc).add('testbed:egress', this.egress);
  }
}
