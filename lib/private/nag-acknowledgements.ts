/**
 * The bed stack's accepted cdk-nag (AwsSolutions) findings: one acknowledgement per finding, each
 * with the reason it is right for an ephemeral benchmark bed. Anything not listed here fails the
 * tests (test/unit/cdk/nag.test.ts).
 */
import { Stack, Validations } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';

import { bucketArnText } from './nag-ids';

function ack(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/** A node instance: no detailed monitoring, no termination protection. */
export function acknowledgeNodeInstance(instance: ec2.Instance): void {
  ack(
    instance,
    'AwsSolutions-EC28',
    'Ganglia collects every node’s metrics at 10–15 s resolution; 1-minute detailed CloudWatch monitoring would add cost without information.',
  );
  ack(
    instance,
    'AwsSolutions-EC29',
    'Bed nodes are ephemeral: termination protection would make the TTL’s DeleteStack fail, and spot instances cannot have it.',
  );
}

/** What a node role's grants look like in cdk-nag's finding ids. */
export interface NodeRoleGrants {
  readonly resultsBucket: s3.IBucket;
  readonly prefix: string;
}

/** A node role: SSM's managed policy, the results-prefix grant and the asset-read grant. */
export function acknowledgeNodeRole(role: iam.Role, grants: NodeRoleGrants): void {
  ack(
    role,
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore]',
    'Session Manager is the only way into a node (no SSH, no ingress); AWS maintains this policy as SSM’s actions change.',
  );
  for (const action of ['GetObject*', 'GetBucket*', 'List*']) {
    ack(
      role,
      `AwsSolutions-IAM5[Action::s3:${action}]`,
      'Granted by Bucket.grantRead/grantReadWrite and Asset.grantRead, limited to the bed’s prefix and the bundle’s asset objects.',
    );
  }
  for (const action of ['DeleteObject*', 'Abort*']) {
    ack(
      role,
      `AwsSolutions-IAM5[Action::s3:${action}]`,
      'Nodes replace their own status objects and abort failed multipart result uploads, only under the bed’s prefix (Bucket.grantReadWrite).',
    );
  }
  const arn = bucketArnText(Stack.of(role), grants.resultsBucket);
  if (arn) {
    ack(
      role,
      `AwsSolutions-IAM5[Resource::${arn}/${grants.prefix}/*]`,
      'Nodes write status, logs and results under their own bed’s prefix only; the keys below it are made at run time.',
    );
  }
  ack(
    role,
    `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${Stack.of(role).region}/*]`,
    'Asset.grantRead on the bootstrap bundle and Node runtime: the CDK assets bucket names objects by content hash.',
  );
}
