import { Match, Template } from 'aws-cdk-lib/assertions';

import { exampleSpec, testApp } from '../../support/cdk-bed';

// One synth of the nightly example (6 Cassandra, 4 Ignite, 4 tests, Ganglia) serves every assertion.
const { bed, results } = testApp(exampleSpec('nightly-cloud.yaml'));
const template = Template.fromStack(bed);
const instances = template.findResources('AWS::EC2::Instance');

/** The user data of an instance as text, CloudFormation references shown as ${…}. */
function userData(logicalIdPrefix: string): string {
  const [, res] = Object.entries(instances).find(([id]) => id.startsWith(logicalIdPrefix)) ?? [];
  const parts = (
    res as { Properties: { UserData: { 'Fn::Base64': { 'Fn::Join': [string, unknown[]] } } } }
  ).Properties.UserData['Fn::Base64']['Fn::Join'][1];
  return parts.map((p) => (typeof p === 'string' ? p : `\${${JSON.stringify(p)}}`)).join('');
}

describe('bed stack (nightly example)', () => {
  it('has one instance per node with fixed private addresses per role block', () => {
    expect(Object.keys(instances)).toHaveLength(15);
    const ips = Object.values(instances).map(
      (r) => (r as { Properties: { PrivateIpAddress: string } }).Properties.PrivateIpAddress,
    );
    expect(ips.sort()).toEqual(
      [...[10, 11, 12, 13, 14, 15], ...[50, 51, 52, 53], ...[100, 101, 102, 103], 200]
        .map((h) => `10.42.0.${h}`)
        .sort(),
    );
    template.hasResourceProperties('AWS::EC2::Subnet', { CidrBlock: '10.42.0.0/24' });
  });

  it('renders seeds, the balanced token and the contract env into each Cassandra launcher', () => {
    const ud = userData('Cassandra2Instance');
    expect(ud).toContain(
      'TESTBED_ROLE=cassandra\nTESTBED_NODE_INDEX=2\nTESTBED_NODE_ADDRESS=10.42.0.12\n',
    );
    expect(ud).toContain('TESTBED_CASSANDRA_SEEDS=10.42.0.10,10.42.0.11\n');
    // −2⁶³ + 2·2⁶⁴/6
    expect(ud).toContain('TESTBED_CASSANDRA_INITIAL_TOKEN=-3074457345618258603\n');
    expect(ud).toContain('TESTBED_S3_PREFIX=beds/nightly\n');
    expect(ud).toContain('TESTBED_SPEC_KEY=beds/nightly/runs/r00000000-000000-0000/spec.json\n');
    expect(ud).toContain('TESTBED_ARTIFACTS_KEY=beds/nightly/artifacts/\n');
    expect(ud).toContain('TESTBED_DEADLINE=2099-01-01T06:00:00.000Z\n');
    expect(ud).toContain('node_modules/.bin/tsx bootstrap/main.ts --env-file');
    // Instance store (i4i) is mounted for Cassandra data; Ignite (r6i) has none.
    expect(ud).toContain('nvme-Amazon_EC2_NVMe_Instance_Storage_');
    expect(userData('Ignite0Instance')).not.toContain('nvme-Amazon_EC2_NVMe_Instance_Storage_');
  });

  it('keeps every launcher well under the 16 KB user-data limit', () => {
    for (const id of Object.keys(instances)) {
      const ud = userData(id);
      expect(Buffer.byteLength(ud)).toBeLessThan(8 * 1024);
    }
  });

  it('powers nodes off at the deadline plus 15 min with terminate-on-shutdown', () => {
    expect(userData('Tests0Instance')).toContain(
      `$(( (${Date.parse('2099-01-01T06:15:00Z') / 1000} - $(date +%s)) / 60 ))`,
    );
    template.allResourcesProperties('AWS::EC2::Instance', {
      InstanceInitiatedShutdownBehavior: 'terminate',
    });
  });

  it('admits no ingress from outside the bed', () => {
    const ingress = template.findResources('AWS::EC2::SecurityGroupIngress');
    expect(Object.keys(ingress)).toHaveLength(1);
    const only = Object.values(ingress)[0] as { Properties: Record<string, unknown> };
    expect(only.Properties.CidrIp).toBeUndefined();
    expect(only.Properties.SourceSecurityGroupId).toEqual(only.Properties.GroupId);
    template.allResourcesProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: Match.absent(),
    });
    template.resourceCountIs('AWS::EC2::KeyPair', 0);
    template.allResourcesProperties('AWS::EC2::Instance', { KeyName: Match.absent() });
  });

  it('requires IMDSv2 and encrypts gp3 roots through each node’s launch template', () => {
    template.resourceCountIs('AWS::EC2::LaunchTemplate', 15);
    template.allResourcesProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: Match.objectLike({
        MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 },
        BlockDeviceMappings: [Match.objectLike({ Ebs: Match.objectLike({ Encrypted: true }) })],
      }),
    });
    template.hasResourceProperties('AWS::EC2::Instance', {
      PrivateIpAddress: '10.42.0.10',
      InstanceType: 'i4i.xlarge',
      BlockDeviceMappings: [
        {
          DeviceName: '/dev/xvda',
          Ebs: {
            Encrypted: true,
            VolumeType: 'gp3',
            VolumeSize: 200,
            Iops: 6000,
            DeleteOnTermination: true,
          },
        },
      ],
    });
    template.allResourcesProperties('AWS::EC2::Instance', {
      LaunchTemplate: { LaunchTemplateId: Match.anyValue(), Version: Match.anyValue() },
    });
  });

  it('waits for each node’s signal (CreationPolicy)', () => {
    for (const res of Object.values(instances)) {
      expect((res as { CreationPolicy: unknown }).CreationPolicy).toEqual({
        ResourceSignal: { Count: 1, Timeout: 'PT40M' },
      });
    }
  });

  it('places nodes in a cluster placement group in one AZ with NAT egress and an S3 gateway endpoint', () => {
    template.hasResourceProperties('AWS::EC2::PlacementGroup', { Strategy: 'cluster' });
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
    template.resourceCountIs('AWS::EC2::Subnet', 2);
    template.hasResourceProperties('AWS::EC2::Subnet', {
      AvailabilityZone: 'eu-west-1a',
      MapPublicIpOnLaunch: false,
      CidrBlock: '10.42.0.0/24',
    });
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      ServiceName: Match.objectLike({}),
    });
    template.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'ALL' });
  });

  it('gives the Cassandra role exactly its S3, asset and signal statements', () => {
    const roles = template.findResources('AWS::IAM::Role', {
      Properties: { Description: Match.stringLikeRegexp('cassandra nodes') },
    });
    const [roleId] = Object.keys(roles);
    const role = roles[roleId as string] as { Properties: { ManagedPolicyArns: unknown[] } };
    expect(JSON.stringify(role.Properties.ManagedPolicyArns)).toContain(
      'AmazonSSMManagedInstanceCore',
    );
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: roleId }] },
    });
    const statements = (
      Object.values(policies)[0] as {
        Properties: {
          PolicyDocument: { Statement: Array<{ Action: unknown; Resource: unknown }> };
        };
      }
    ).Properties.PolicyDocument.Statement;
    const text = JSON.stringify(statements);
    expect(statements.map((s) => s.Action)).toEqual([
      [
        's3:GetObject*',
        's3:GetBucket*',
        's3:List*',
        's3:DeleteObject*',
        's3:PutObject',
        's3:PutObjectLegalHold',
        's3:PutObjectRetention',
        's3:PutObjectTagging',
        's3:PutObjectVersionTagging',
        's3:Abort*',
      ],
      'cloudformation:SignalResource',
      // The bundle and the runtime: one statement, both asset objects.
      ['s3:GetObject*', 's3:GetBucket*', 's3:List*'],
    ]);
    expect(text).toContain('/beds/nightly/*');
    expect(text).toContain('{"Ref":"AWS::StackId"}');
    expect(text).not.toMatch(/"Resource":"\*"/);
  });

  it('deletes itself at the deadline through a one-time schedule allowed DeleteStack on this stack only', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'at(2099-01-01T06:00:00)',
      ScheduleExpressionTimezone: 'Etc/UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: Match.objectLike({
        Arn: Match.objectLike({
          'Fn::Join': ['', Match.arrayWith([':scheduler:::aws-sdk:cloudformation:deleteStack'])],
        }),
        Input: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
      }),
    });
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: {
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({ Action: 'cloudformation:DeleteStack' })]),
        },
      },
    });
    expect(Object.keys(policies)).toHaveLength(1);
    expect(JSON.stringify(Object.values(policies)[0])).toContain(
      '{"Action":"cloudformation:DeleteStack","Effect":"Allow","Resource":{"Ref":"AWS::StackId"}}',
    );
  });

  it('tags everything with the bed id and TTL, and outputs the bed id, results and Ganglia command', () => {
    template.hasResourceProperties('AWS::EC2::VPC', {
      Tags: Match.arrayWith([
        { Key: 'testbed:bed', Value: 'nightly' },
        { Key: 'testbed:ttl', Value: '2099-01-01T06:00:00.000Z' },
      ]),
    });
    template.hasOutput('BedId', { Value: 'nightly' });
    template.hasOutput('ResultsLocation', Match.objectLike({}));
    template.hasOutput('GangliaPortForward', {
      Value: Match.objectLike({
        'Fn::Join': [
          '',
          Match.arrayWith([
            ' --document-name AWS-StartPortForwardingSession --parameters \'{"portNumber":["80"],"localPortNumber":["8080"]}\'',
          ]),
        ],
      }),
    });
    template.resourceCountIs('AWS::S3::Bucket', 0);
  });
});

describe('results stack', () => {
  it('keeps a retained, versioned, encrypted, private, SSL-only bucket with access logs', () => {
    const t = Template.fromStack(results);
    t.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
          ],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'results/' }),
      }),
    });
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });
});
