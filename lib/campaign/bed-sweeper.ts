import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';

import { invalidProp } from '../errors';
import { SWEEPER_CODE } from './private/sweeper-code';

/** Properties of {@link BedSweeper}. */
export interface BedSweeperProps {
  /**
   * How often expired beds are looked for.
   * @default Duration.hours(1)
   */
  readonly interval?: Duration;
  /**
   * How long after its `testbed:ttl` deadline a bed may still exist before the sweeper deletes it
   * (the bed's own TTL schedule normally has deleted it by then).
   * @default Duration.minutes(30)
   */
  readonly grace?: Duration;
  /**
   * Name prefix of the bed stacks (lib/testbed-app.ts's `bedStackName`).
   * @default 'Testbed-'
   */
  readonly bedStackPrefix?: string;
}

/**
 * Deletes expired beds whose TTL deletion failed: a recurring schedule invokes a small Lambda that
 * lists the account's stacks, keeps those named like beds and tagged `testbed:bed`, and deletes
 * the ones whose `testbed:ttl` passed more than `grace` ago. Its role may list stacks (no
 * resource-level permission exists for that) and describe and delete bed stacks only.
 */
export class BedSweeper extends Construct {
  readonly function: lambda.Function;
  readonly schedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: BedSweeperProps = {}) {
    super(scope, id);
    const interval = props.interval ?? Duration.hours(1);
    const grace = props.grace ?? Duration.minutes(30);
    const prefix = props.bedStackPrefix ?? 'Testbed-';
    if (interval.toMinutes() < 5 || interval.toHours({ integral: false }) > 24) {
      throw invalidProp(
        'interval',
        interval.toHumanString(),
        'the sweeper runs between every 5 minutes and once a day',
        'Pick e.g. Duration.hours(1).',
      );
    }
    if (!/^[A-Za-z][A-Za-z0-9-]*-$/.test(prefix)) {
      throw invalidProp(
        'bedStackPrefix',
        prefix,
        'it must be a stack name prefix ending in "-" (so it never matches the results or campaign stacks)',
        "Use the default 'Testbed-'.",
      );
    }
    const stack = Stack.of(this);
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `testbed bed sweeper: deletes expired ${prefix}* stacks`,
    });
    this.function = new lambda.Function(this, 'Function', {
      description: `testbed: deletes ${prefix}* bed stacks whose testbed:ttl passed ${grace.toHumanString()} ago`,
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(SWEEPER_CODE),
      role,
      logGroup,
      timeout: Duration.minutes(5),
      memorySize: 256,
      reservedConcurrentExecutions: 1,
      environment: { BED_STACK_PREFIX: prefix, GRACE_MINUTES: String(grace.toMinutes()) },
    });
    logGroup.grantWrite(role);
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['cloudformation:ListStacks'], resources: ['*'] }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['cloudformation:DescribeStacks', 'cloudformation:DeleteStack'],
        resources: [
          stack.formatArn({
            service: 'cloudformation',
            resource: 'stack',
            resourceName: `${prefix}*/*`,
          }),
        ],
      }),
    );
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      description: `testbed: sweeps expired beds every ${interval.toHumanString()}`,
      schedule: scheduler.ScheduleExpression.rate(interval),
      timeWindow: scheduler.TimeWindow.off(),
      target: new targets.LambdaInvoke(this.function, { retryAttempts: 2, maxEventAge: interval }),
    });
  }
}
