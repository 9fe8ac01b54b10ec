import { Stack, TimeZone } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';

import { invalidProp } from './errors';

/** Properties of {@link BedTtl}. */
export interface BedTtlProps {
  /**
   * When AWS deletes the stack. Passed in (context), never computed at synth, so that synth is
   * deterministic; the CLI refuses deadlines in the past or too close.
   */
  readonly deadline: Date;
}

/**
 * The bed's lifetime limit, enforced by AWS: a one-time EventBridge Scheduler schedule whose
 * universal target calls `cloudformation:DeleteStack` on this stack, and a role allowed exactly
 * that on this stack's id. (The deletion runs under the stack's CloudFormation role.)
 */
export class BedTtl extends Construct {
  readonly schedule: scheduler.Schedule;
  readonly deadline: Date;

  constructor(scope: Construct, id: string, props: BedTtlProps) {
    super(scope, id);
    if (Number.isNaN(props.deadline.getTime())) {
      throw invalidProp(
        'deadline',
        String(props.deadline),
        'it must be a valid date',
        'Pass an ISO time such as 2026-12-08T03:00:00Z.',
      );
    }
    if (props.deadline.getUTCMilliseconds() !== 0 || props.deadline.getUTCSeconds() !== 0) {
      throw invalidProp(
        'deadline',
        props.deadline.toISOString(),
        'Scheduler `at()` expressions have minute precision',
        'Round the deadline to a whole minute.',
      );
    }
    this.deadline = props.deadline;
    const stack = Stack.of(this);
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      description: `testbed TTL: deletes stack ${stack.stackName} at ${props.deadline.toISOString()}`,
      schedule: scheduler.ScheduleExpression.at(props.deadline, TimeZone.ETC_UTC),
      timeWindow: scheduler.TimeWindow.off(),
      target: new targets.Universal({
        service: 'cloudformation',
        action: 'deleteStack',
        input: scheduler.ScheduleTargetInput.fromObject({ StackName: stack.stackId }),
        policyStatements: [
          new iam.PolicyStatement({
            actions: ['cloudformation:DeleteStack'],
            resources: [stack.stackId],
          }),
        ],
        retryAttempts: 5,
      }),
    });
  }
}
