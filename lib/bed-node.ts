import { Duration, Size, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

import type { NodeRole } from './addresses';
import type { BootstrapBundle } from './bootstrap-bundle';
import { invalidProp } from './errors';
import { architectureOf, debianAmiParameter, hasInstanceStore } from './instance-types';
import { renderLauncher } from './private/launcher';

/** EBS volume types a node's root may use. */
export enum RootVolumeType {
  GP3 = 'gp3',
  IO2 = 'io2',
}

/** Properties of {@link BedNode}. */
export interface BedNodeProps {
  readonly bedId: string;
  readonly role: NodeRole;
  /** The node's index within its role (TESTBED_NODE_INDEX). */
  readonly index: number;
  readonly vpc: ec2.IVpc;
  readonly subnet: ec2.ISubnet;
  readonly securityGroup: ec2.ISecurityGroup;
  /** The node's fixed private address inside `subnet`. */
  readonly privateIpAddress: string;
  readonly instanceType: ec2.InstanceType;
  /** The instance role (shared by the role's nodes); access is granted to it, not written here. */
  readonly instanceRole: iam.IRole;
  readonly bundle: BootstrapBundle;
  /** The bootstrap contract's env file lines, without the node-specific ones this construct adds. */
  readonly env: ReadonlyArray<readonly [string, string]>;
  /** S3 key of this node's status object (bed/s3-layout.ts); the launcher watches its phase. */
  readonly statusKey: string;
  /** The bucket of {@link statusKey}. */
  readonly resultsBucketName: string;
  /** The bed's TTL deadline; the node powers off at this time plus {@link powerOffMargin}. */
  readonly deadline: Date;
  /**
   * @default Duration.minutes(15)
   */
  readonly powerOffMargin?: Duration;
  /**
   * How long the role may take to report ready before `cdk deploy` fails.
   * @default Duration.minutes(30)
   */
  readonly readyTimeout?: Duration;
  /**
   * The root volume (OS, logs, and data where the type has no instance store).
   * @default Size.gibibytes(30)
   */
  readonly rootVolumeSize?: Size;
  /** @default RootVolumeType.GP3 */
  readonly rootVolumeType?: RootVolumeType;
  /**
   * Provisioned IOPS of the root volume.
   * @default - gp3's baseline of 3000; required for io2
   */
  readonly rootVolumeIops?: number;
  /** @default - no placement group */
  readonly placementGroup?: ec2.IPlacementGroup;
  /**
   * Run the node as a one-time spot instance (load-test nodes; an interruption notice marks the
   * run invalid).
   * @default false
   */
  readonly spot?: boolean;
  /**
   * @default - Debian 12 for the instance type's architecture, from AWS's public SSM parameter at deploy
   */
  readonly machineImage?: ec2.IMachineImage;
  /**
   * Debian packages the role needs beyond the AMI.
   * @default - OpenJDK 17 for cassandra and ignite, the Ganglia daemons for ganglia, none for tests
   */
  readonly aptPackages?: readonly string[];
}

const DEFAULT_PACKAGES: Record<NodeRole, readonly string[]> = {
  cassandra: ['openjdk-17-jdk-headless', 'xfsprogs', 'mdadm', 'ganglia-monitor'],
  ignite: ['openjdk-17-jdk-headless', 'ganglia-monitor'],
  tests: ['ganglia-monitor'],
  ganglia: [
    'ganglia-monitor',
    'gmetad',
    'ganglia-webfrontend',
    'apache2',
    'libapache2-mod-php',
    'rrdtool',
  ],
};

/** The minimum root volume for Cassandra data when the instance type has no instance store. */
export const MIN_CASSANDRA_EBS_DATA = Size.gibibytes(30);

/**
 * One bed node: an `ec2.Instance` with a fixed private IP, IMDSv2 only, an encrypted root volume,
 * SSM Session Manager as the only way in, terminate-on-shutdown (the TTL backstop), and a thin
 * user-data launcher that hands over to the bootstrap role. `cdk deploy` waits for its signal.
 */
export class BedNode extends Construct {
  readonly instance: ec2.Instance;
  /** The rendered launcher (CDK tokens unresolved), for size checks and tests. */
  readonly launcherScript: string;

  constructor(scope: Construct, id: string, props: BedNodeProps) {
    super(scope, id);
    const rootSize = props.rootVolumeSize ?? Size.gibibytes(30);
    const volumeType = props.rootVolumeType ?? RootVolumeType.GP3;
    const instanceStore = hasInstanceStore(props.instanceType.toString());
    validate(props, rootSize, volumeType, instanceStore);

    const arch = architectureOf(props.instanceType);
    const stack = Stack.of(this);
    const machineImage =
      props.machineImage ?? ec2.MachineImage.fromSsmParameter(debianAmiParameter(arch));
    const rootDevice = ec2.BlockDeviceVolume.ebs(rootSize.toGibibytes(), {
      encrypted: true,
      deleteOnTermination: true,
      volumeType:
        volumeType === RootVolumeType.IO2
          ? ec2.EbsDeviceVolumeType.IO2
          : ec2.EbsDeviceVolumeType.GP3,
      ...(props.rootVolumeIops ? { iops: props.rootVolumeIops } : {}),
    });
    const blockDevices: ec2.BlockDevice[] = [{ deviceName: '/dev/xvda', volume: rootDevice }];
    const userData = ec2.UserData.custom('');

    this.instance = new ec2.Instance(this, 'Instance', {
      vpc: props.vpc,
      vpcSubnets: { subnets: [props.subnet] },
      securityGroup: props.securityGroup,
      privateIpAddress: props.privateIpAddress,
      instanceType: props.instanceType,
      machineImage,
      role: props.instanceRole,
      userData,
      userDataCausesReplacement: true,
      blockDevices,
      ssmSessionPermissions: true,
      instanceInitiatedShutdownBehavior: ec2.InstanceInitiatedShutdownBehavior.TERMINATE,
      detailedMonitoring: false,
      ...(props.placementGroup ? { placementGroup: props.placementGroup } : {}),
      instanceName: `${props.bedId}-${props.role}-${props.index}`,
    });
    const cfn = this.instance.node.defaultChild as ec2.CfnInstance;
    cfn.cfnOptions.creationPolicy = {
      resourceSignal: {
        count: 1,
        timeout: `PT${Math.ceil((props.readyTimeout ?? Duration.minutes(30)).toMinutes() + 10)}M`,
      },
    };

    // IMDSv2 (and spot) through the node's own launch template: the instance-level aspect would
    // create a template without the encrypted root mapping (cdk-nag EC26) and skips spot nodes.
    const template = new ec2.LaunchTemplate(this, 'Template', {
      requireImdsv2: true,
      httpPutResponseHopLimit: 1,
      blockDevices,
      ...(props.spot
        ? {
            spotOptions: {
              requestType: ec2.SpotRequestType.ONE_TIME,
              interruptionBehavior: ec2.SpotInstanceInterruption.TERMINATE,
            },
          }
        : {}),
    });
    cfn.launchTemplate = {
      launchTemplateId: template.launchTemplateId,
      version: template.latestVersionNumber,
    };

    const powerOffAt =
      props.deadline.getTime() + (props.powerOffMargin ?? Duration.minutes(15)).toMilliseconds();
    this.launcherScript = renderLauncher({
      role: props.role,
      index: props.index,
      bedId: props.bedId,
      region: stack.region,
      stackName: stack.stackName,
      logicalId: stack.getLogicalId(cfn),
      bundle: props.bundle.appLocation,
      runtime: props.bundle.runtimeLocation(arch),
      env: [
        ['TESTBED_ROLE', props.role],
        ['TESTBED_NODE_INDEX', String(props.index)],
        ['TESTBED_NODE_ADDRESS', props.privateIpAddress],
        ...props.env,
      ],
      powerOffAtEpochSeconds: Math.floor(powerOffAt / 1000),
      status: { bucket: props.resultsBucketName, key: props.statusKey },
      readyTimeoutSeconds: (props.readyTimeout ?? Duration.minutes(30)).toSeconds(),
      aptPackages: props.aptPackages ?? DEFAULT_PACKAGES[props.role],
      mountInstanceStore: props.role === 'cassandra' && instanceStore,
    });
    userData.addCommands(this.launcherScript.replace(/^#!\/bin\/bash\n/, ''));
  }
}

function validate(
  props: BedNodeProps,
  rootSize: Size,
  volumeType: RootVolumeType,
  instanceStore: boolean,
): void {
  if (!Number.isInteger(props.index) || props.index < 0) {
    throw invalidProp(
      'index',
      props.index,
      'it must be a whole number ≥ 0',
      'Number nodes of a role from 0.',
    );
  }
  const gib = rootSize.toGibibytes();
  if (gib < 8 || gib > 16_384) {
    throw invalidProp(
      'rootVolumeSize',
      `${gib} GiB`,
      'EBS roots take 8 to 16384 GiB',
      'Pick a size in that range.',
    );
  }
  if (props.role === 'cassandra' && !instanceStore && gib < MIN_CASSANDRA_EBS_DATA.toGibibytes()) {
    throw invalidProp(
      'rootVolumeSize',
      `${gib} GiB`,
      `${props.instanceType.toString()} has no instance-store NVMe, so Cassandra data lives on the root volume, which needs at least ${MIN_CASSANDRA_EBS_DATA.toGibibytes()} GiB`,
      'Use an instance type with NVMe (i4i, m7gd, c7gd, r7gd …) or a larger root volume.',
    );
  }
  if (volumeType === RootVolumeType.IO2 && props.rootVolumeIops === undefined) {
    throw invalidProp(
      'rootVolumeIops',
      undefined,
      'io2 volumes need provisioned IOPS',
      'Set rootVolumeIops (e.g. 3000) or use gp3.',
    );
  }
  if (
    volumeType === RootVolumeType.GP3 &&
    props.rootVolumeIops !== undefined &&
    (props.rootVolumeIops < 3000 || props.rootVolumeIops > 16_000)
  ) {
    throw invalidProp(
      'rootVolumeIops',
      props.rootVolumeIops,
      'gp3 takes 3000 to 16000 IOPS',
      'Pick a value in that range or use io2.',
    );
  }
}
