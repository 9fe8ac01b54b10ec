/** How cdk-nag names a bucket's ARN in a finding id (the acknowledgements must spell it the same). */
import { Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * The text that stands for `bucket`'s ARN in a finding id seen from `stack`: the export's name
 * when it is imported by name, `<LogicalId.Arn>` when it is a bucket of that stack; undefined
 * otherwise (an automatic cross-stack reference, whose generated export name is not ours to
 * spell: import by a fixed name instead, see ResultsStack.sharedBucket).
 */
export function bucketArnText(stack: Stack, bucket: s3.IBucket): string | undefined {
  const resolved: unknown = stack.resolve(bucket.bucketArn);
  if (typeof resolved === 'object' && resolved !== null && 'Fn::ImportValue' in resolved) {
    const name = resolved['Fn::ImportValue'];
    if (typeof name === 'string') return name;
  }
  return bucket instanceof s3.Bucket && Stack.of(bucket) === stack
    ? `<${stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket)}.Arn>`
    : undefined;
}
