/**
 * The campaign stack's accepted cdk-nag (AwsSolutions) findings: one acknowledgement per finding,
 * each with the reason it is right here. Anything not listed fails
 * test/unit/cdk/campaign-stack.test.ts.
 */
import { Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import type * as codebuild from 'aws-cdk-lib/aws-codebuild';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';

import { bucketArnText } from '../../private/nag-ids';

function ack(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/** What the acknowledgements name. */
export interface CampaignNagScopes {
  readonly campaignName: string;
  readonly historyPrefix: string;
  readonly resultsBucket: s3.IBucket;
  readonly runnerRole: iam.IRole;
  readonly runnerProject: codebuild.Project;
  readonly stateMachineRole: iam.IRole;
  readonly sweeperRole?: iam.IRole;
  readonly sweeperFunction?: lambda.IFunction;
}

/** How cdk-nag writes the bucket's ARN: an imported export by its name, a bucket by its logical id. */
/** Acknowledges the campaign stack's findings. */
export function acknowledgeCampaignStack(stack: Stack, s: CampaignNagScopes): void {
  const bedStacks = `Resource::arn:<AWS::Partition>:cloudformation:${stack.region}:<AWS::AccountId>:stack/Testbed-${s.campaignName}-*/*`;
  const runner = s.runnerRole;
  ack(
    runner,
    `AwsSolutions-IAM5[${bedStacks}]`,
    'The night’s beds are stacks made at run time, named Testbed-<campaign>-<cell>-<repetition>; the runner may only describe them.',
  );
  const project = stack.getLogicalId(s.runnerProject.node.defaultChild as CfnElement);
  for (const action of ['GetObject*', 'GetBucket*', 'List*', 'DeleteObject*', 'Abort*']) {
    ack(
      runner,
      `AwsSolutions-IAM5[Action::s3:${action}]`,
      'Bucket.grantReadWrite and Asset.grantRead, limited to the campaign’s history prefix, its beds’ prefixes and the bundle’s asset objects.',
    );
  }
  const bucket = bucketArnText(stack, s.resultsBucket);
  if (bucket) {
    ack(
      runner,
      `AwsSolutions-IAM5[Resource::${bucket}/${s.historyPrefix}/${s.campaignName}/*]`,
      'The history’s keys (one run record per run, nights, reports) are made at run time under the campaign’s prefix.',
    );
    ack(
      runner,
      `AwsSolutions-IAM5[Resource::${bucket}/beds/${s.campaignName}-*]`,
      'The deploy step stages each run’s spec and the collect step reads its results, under the prefixes of this campaign’s beds only.',
    );
  }
  ack(
    runner,
    `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${stack.region}/*]`,
    'Asset.grantRead on the bootstrap bundle and Node runtime: the CDK assets bucket names objects by content hash.',
  );
  for (const action of ['kms:ReEncrypt*', 'kms:GenerateDataKey*']) {
    ack(
      runner,
      `AwsSolutions-IAM5[Action::${action}]`,
      'CodeBuild’s grant on the stack’s own key (encryptionKey), which encrypts the build’s artifacts and logs.',
    );
  }
  ack(
    runner,
    `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:${stack.region}:<AWS::AccountId>:log-group:/aws/codebuild/<${project}>:*]`,
    'CodeBuild’s default grant on its own log group’s streams, whose names are build ids.',
  );
  ack(
    runner,
    `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:codebuild:${stack.region}:<AWS::AccountId>:report-group/<${project}>-*]`,
    'CodeBuild’s default grant on the project’s own test report groups.',
  );

  const machine = s.stateMachineRole;
  ack(
    machine,
    `AwsSolutions-IAM5[${bedStacks}]`,
    'The state machine deletes and describes the night’s beds (stacks named at run time, this campaign’s prefix only).',
  );
  ack(
    machine,
    'AwsSolutions-IAM5[Resource::*]',
    'X-Ray (PutTraceSegments, GetSamplingRules) and CloudWatch Logs delivery (CreateLogDelivery and friends) support no resource-level permissions.',
  );
  ack(
    machine,
    'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
    'Publishing to the KMS-encrypted topic needs data keys of the stack’s own key (the grant names that key only).',
  );

  if (s.sweeperRole && s.sweeperFunction) {
    ack(
      s.sweeperRole,
      'AwsSolutions-IAM5[Resource::*]',
      'cloudformation:ListStacks supports no resource-level permission; describe and delete are limited to Testbed-* stacks.',
    );
    ack(
      s.sweeperRole,
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:cloudformation:' +
        `${stack.region}:<AWS::AccountId>:stack/Testbed-*/*]`,
      'The sweeper deletes any expired bed (every campaign’s and every hand-made one): stacks named Testbed-<bed id>.',
    );
    const fn = stack.getLogicalId(s.sweeperFunction.node.defaultChild as CfnElement);
    ack(
      stack,
      `AwsSolutions-IAM5[Resource::<${fn}.Arn>:*]`,
      'The scheduler’s LambdaInvoke grant covers the sweeper function and its versions.',
    );
  }
}
