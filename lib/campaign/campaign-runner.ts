import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

import type { BootstrapBundle } from '../bootstrap-bundle';

/** Properties of {@link CampaignRunner}. */
export interface CampaignRunnerProps {
  readonly campaignName: string;
  /** The campaign spec's path inside the bundle, relative to the project root. */
  readonly campaignFile: string;
  /** The same bootstrap bundle the beds use: the project with node_modules, and the Node runtimes. */
  readonly bundle: BootstrapBundle;
  readonly resultsBucket: s3.IBucket;
  readonly historyPrefix: string;
  /** Encrypts the build's artifacts and logs' at-rest data. */
  readonly encryptionKey: kms.IKey;
  /** Bound of one build. */
  readonly timeout: Duration;
  /** The CDK bootstrap qualifier of the account (`cdk bootstrap --qualifier`). */
  readonly cdkQualifier: string;
  /** `testbed:bed` ids of the campaign's beds start with this (`<campaign>-`). */
  readonly bedIdPrefix: string;
}

/** Where the bundle is unpacked in the build container. */
const APP_DIR = '/tmp/testbed/app';

/**
 * The CodeBuild project that runs the project's CLI for the state machine: each build unpacks
 * the bootstrap bundle (the beds' own archive) and runs `testbed campaign cloud-step <step>`
 * (deploy, collect or judge, chosen by `TESTBED_STEP`); the step's one-line result is exported as
 * `TESTBED_STEP_OUTPUT`. Its role deploys bed stacks only through the CDK bootstrap roles.
 */
export class CampaignRunner extends Construct {
  readonly project: codebuild.Project;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: CampaignRunnerProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const app = props.bundle.appLocation;
    const runtime = props.bundle.runtimeLocation('amd64');
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.project = new codebuild.Project(this, 'Project', {
      description: `testbed campaign ${props.campaignName}: runs \`testbed campaign cloud-step\` for the nightly state machine`,
      environment: {
        buildImage: codebuild.LinuxBuildImage.STANDARD_7_0,
        computeType: codebuild.ComputeType.SMALL,
        privileged: false,
      },
      encryptionKey: props.encryptionKey,
      timeout: props.timeout,
      queuedTimeout: Duration.hours(1),
      concurrentBuildLimit: 2,
      logging: { cloudWatch: { logGroup: this.logGroup } },
      environmentVariables: Object.fromEntries(
        Object.entries({
          TESTBED_APP_BUCKET: app.bucket,
          TESTBED_APP_KEY: app.key,
          TESTBED_RUNTIME_BUCKET: runtime.bucket,
          TESTBED_RUNTIME_KEY: runtime.key,
          TESTBED_CAMPAIGN_FILE: props.campaignFile,
          TESTBED_RESULTS_BUCKET: props.resultsBucket.bucketName,
          TESTBED_HISTORY_PREFIX: props.historyPrefix,
          TESTBED_STEP: 'none',
        }).map(([k, value]) => [k, { value }]),
      ),
      buildSpec: codebuild.BuildSpec.fromObject({
        version: '0.2',
        env: { shell: 'bash', 'exported-variables': ['TESTBED_STEP_OUTPUT'] },
        phases: {
          install: {
            'runtime-versions': { nodejs: 20 },
            commands: [
              `mkdir -p ${APP_DIR}/.run/cloud/bundle`,
              'aws s3 cp --only-show-errors "s3://$TESTBED_APP_BUCKET/$TESTBED_APP_KEY" /tmp/testbed/app.tar.gz',
              `tar -xzf /tmp/testbed/app.tar.gz -C ${APP_DIR}`,
              // `testbed cloud` deploys beds from the bundle directory: the very archive unpacked here.
              `mv /tmp/testbed/app.tar.gz ${APP_DIR}/.run/cloud/bundle/app.tar.gz`,
              `aws s3 cp --only-show-errors "s3://$TESTBED_RUNTIME_BUCKET/$TESTBED_RUNTIME_KEY" ${APP_DIR}/.run/cloud/bundle/node-linux-x64.tgz`,
            ],
          },
          build: {
            commands: [
              `cd ${APP_DIR} && node bin/testbed campaign cloud-step "$TESTBED_STEP" "$TESTBED_CAMPAIGN_FILE" --output /tmp/testbed/step-output`,
              'export TESTBED_STEP_OUTPUT="$(head -c 1024 /tmp/testbed/step-output)"',
            ],
          },
        },
      }),
    });
    const role = this.project.role as iam.IRole;
    props.bundle.grantRead(role);
    props.resultsBucket.grantReadWrite(role, `${props.historyPrefix}/${props.campaignName}/*`);
    props.resultsBucket.grantReadWrite(role, `beds/${props.bedIdPrefix}*`);
    // `cdk deploy` (the toolkit) publishes assets and deploys through the bootstrap roles, whose
    // CloudFormation execution role creates the bed; this role holds no CloudFormation write right.
    const bootstrapRole = (kind: string) =>
      stack.formatArn({
        service: 'iam',
        region: '',
        resource: 'role',
        resourceName: `cdk-${props.cdkQualifier}-${kind}-role-${stack.account}-${stack.region}`,
      });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['sts:AssumeRole'],
        resources: [bootstrapRole('deploy'), bootstrapRole('file-publishing')],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['cloudformation:DescribeStacks', 'cloudformation:DescribeStackEvents'],
        resources: [
          stack.formatArn({
            service: 'cloudformation',
            resource: 'stack',
            resourceName: `Testbed-${props.bedIdPrefix}*/*`,
          }),
        ],
      }),
    );
  }
}
