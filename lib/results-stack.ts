import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** The fixed name of the export of the results bucket's ARN that bed and campaign stacks import. */
export const RESULTS_BUCKET_ARN_EXPORT = 'TestbedResults-BucketArn';

/** The results stack's output holding the bucket's name. */
export const RESULTS_BUCKET_NAME_OUTPUT = 'ResultsBucketName';

/** Properties of {@link ResultsStack}. */
export interface ResultsStackProps extends StackProps {
  /**
   * Days before a replaced or deleted result version is removed.
   * @default Duration.days(90)
   */
  readonly noncurrentVersionExpiration?: Duration;
}

/**
 * The long-lived home of every bed's spec, artifacts, status and results: one bucket that is
 * retained, versioned, encrypted, SSL-only and private, with server access logs. Bed stacks own
 * no bucket (only a prefix grant on this one), so deleting a bed never fails on a non-empty bucket.
 */
export class ResultsStack extends Stack {
  readonly bucket: s3.Bucket;
  readonly accessLogs: s3.Bucket;
  private shared?: s3.IBucket;

  constructor(scope: Construct, id: string, props: ResultsStackProps = {}) {
    super(scope, id, props);
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ expiration: Duration.days(365) }],
    });
    Validations.of(this.accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket receives the results bucket’s server access logs; logging it into itself would loop.',
    });
    this.bucket = new s3.Bucket(this, 'Results', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'results/',
      lifecycleRules: [
        { noncurrentVersionExpiration: props.noncurrentVersionExpiration ?? Duration.days(90) },
      ],
    });
    // `testbed cloud up` reads the bucket's name from here (the bed stacks import its ARN).
    new CfnOutput(this, RESULTS_BUCKET_NAME_OUTPUT, { value: this.bucket.bucketName });
  }

  /**
   * The bucket as other stacks use it: imported through an export of a fixed name
   * ({@link RESULTS_BUCKET_ARN_EXPORT}) rather than an automatic cross-stack reference, so their
   * policies (and the cdk-nag finding ids that acknowledge them) read the same in every synth.
   */
  get sharedBucket(): s3.IBucket {
    this.shared ??= s3.Bucket.fromBucketArn(
      this,
      'Shared',
      this.exportValue(this.bucket.bucketArn, { name: RESULTS_BUCKET_ARN_EXPORT }),
    );
    return this.shared;
  }
}
