import { Duration } from 'aws-cdk-lib';
import type * as codebuild from 'aws-cdk-lib/aws-codebuild';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';

/** One bed the night runs: a cell × repetition, deployed as stack `Testbed-<bedId>`. */
export interface CampaignRunItem {
  readonly cell: string;
  readonly repetition: number;
  readonly bedId: string;
}

/** Properties of {@link CampaignDefinition}. */
export interface CampaignDefinitionProps {
  readonly campaignName: string;
  /** The runs of a night, in order (repetition-major, as the local runner). */
  readonly runs: readonly CampaignRunItem[];
  /** Runs `testbed campaign cloud-step <step>` (deploy, collect, judge). */
  readonly project: codebuild.IProject;
  /** The results bucket: beds write `DONE`/`FAILED` there, the history lives under `historyPrefix`. */
  readonly resultsBucket: s3.IBucket;
  readonly historyPrefix: string;
  readonly topic: sns.ITopic;
  /** How long a bed may run before the night gives up on it. */
  readonly runTimeout: Duration;
  /** How often the run's `DONE`/`FAILED` objects are checked. */
  readonly pollInterval: Duration;
  /** Bound of one CodeBuild step (deploy, collect, judge). */
  readonly stepTimeout: Duration;
  /** How long a bed's deletion may take before it counts as failed (the sweeper takes over). */
  readonly destroyTimeout: Duration;
  /** ARN pattern of this campaign's bed stacks (DeleteStack and DescribeStacks are allowed there only). */
  readonly bedStackArns: string;
  /**
   * The state machine's own ARN, built from its fixed name: the one-night-at-a-time check lists
   * its executions (a reference to the resource itself would be a circular dependency).
   */
  readonly stateMachineArn: string;
}

/** The bed stack's name for a bed id (lib/testbed-app.ts's `bedStackName`, in the state language). */
const BED_STACK = "States.Format('Testbed-{}', $.item.bedId)";
/** How often a DeleteStack that ended DELETE_FAILED is issued again. */
const DESTROY_ATTEMPTS = 3;
const DESTROY_POLL = Duration.seconds(30);

/**
 * The nightly state machine's definition. Every run (cell × repetition) is one iteration of a
 * Map with concurrency 1: deploy → poll `DONE`/`FAILED` (bounded by a counter) → destroy
 * (DeleteStack, retried, its completion polled) → collect (the history record, valid or not). Every
 * failure inside an iteration is caught and routed to the destroy; anything that escapes an
 * iteration is caught on the Map and deletes every bed of the campaign. Then judge → notify, and
 * the execution fails if a run failed, a bed could not be destroyed or the gate found a
 * regression. Collect comes after destroy: it reads S3 only, so the bed stops costing first.
 */
export class CampaignDefinition extends Construct {
  /** The chain to hand to the state machine. */
  readonly chain: sfn.IChainable;

  constructor(scope: Construct, id: string, props: CampaignDefinitionProps) {
    super(scope, id);
    const step = (
      name: string,
      stepName: string,
      env: Record<string, string>,
      resultPath: string,
    ): tasks.CodeBuildStartBuild => {
      const task = new tasks.CodeBuildStartBuild(this, name, {
        project: props.project,
        integrationPattern: sfn.IntegrationPattern.RUN_JOB,
        taskTimeout: sfn.Timeout.duration(props.stepTimeout),
        environmentVariablesOverride: Object.fromEntries(
          Object.entries({ TESTBED_STEP: stepName, ...env }).map(([k, value]) => [k, { value }]),
        ),
        // TESTBED_STEP_OUTPUT is the buildspec's first exported variable.
        resultSelector: {
          output: sfn.JsonPath.stringAt('$.Build.ExportedEnvironmentVariables[0].Value'),
        },
        resultPath,
      });
      // Starting a build can be throttled; the build itself is never retried (a deploy is not idempotent).
      task.addRetry({
        errors: ['CodeBuild.CodeBuildException', 'CodeBuild.AccountLimitExceededException'],
        maxAttempts: 2,
        interval: Duration.seconds(30),
      });
      return task;
    };
    const runEnv = {
      TESTBED_STARTED: sfn.JsonPath.stringAt('$.started'),
      TESTBED_CELL: sfn.JsonPath.stringAt('$.item.cell'),
      TESTBED_REPETITION: sfn.JsonPath.format('{}', sfn.JsonPath.stringAt('$.item.repetition')),
      TESTBED_BED_ID: sfn.JsonPath.stringAt('$.item.bedId'),
    };
    const setOutcome = (name: string, outcome: string) =>
      new sfn.Pass(this, name, { result: sfn.Result.fromString(outcome), resultPath: '$.outcome' });

    // ---- one run: deploy, wait, destroy, collect ----
    // Every field a later state reads exists from here on: a missing path is a States.Runtime
    // error, which no Catch handles.
    const initRun = new sfn.Pass(this, 'InitRun', {
      parameters: {
        item: sfn.JsonPath.objectAt('$.item'),
        started: sfn.JsonPath.stringAt('$.started'),
        counters: { attempts: 0, polls: 0, destroyed: false },
        deploy: { output: 'none' },
        outcome: 'pending',
      },
    });
    const deploy = step('Deploy', 'deploy', runEnv, '$.deploy');
    const deployFailed = setOutcome('DeployFailed', 'deploy-failed');
    deploy.addCatch(deployFailed, { resultPath: '$.error' });

    const waitPoll = new sfn.Wait(this, 'WaitForOutcome', {
      time: sfn.WaitTime.duration(props.pollInterval),
    });
    const listOutcome = (name: string, object: 'DONE' | 'FAILED') => {
      const task = new tasks.CallAwsService(this, name, {
        service: 's3',
        action: 'listObjectsV2',
        parameters: {
          Bucket: props.resultsBucket.bucketName,
          Prefix: sfn.JsonPath.format(`{}/${object}`, sfn.JsonPath.stringAt('$.deploy.output')),
          MaxKeys: 1,
        },
        iamResources: [props.resultsBucket.bucketArn],
        iamAction: 's3:ListBucket',
        resultSelector: { count: sfn.JsonPath.numberAt('$.KeyCount') },
        resultPath: `$.${object.toLowerCase()}`,
        taskTimeout: sfn.Timeout.duration(Duration.minutes(1)),
      });
      task.addRetry({ errors: ['States.ALL'], maxAttempts: 3, interval: Duration.seconds(10) });
      return task;
    };
    const listDone = listOutcome('CheckDone', 'DONE');
    const listFailed = listOutcome('CheckFailed', 'FAILED');
    const pollFailed = setOutcome('PollFailed', 'poll-failed');
    listDone.addCatch(pollFailed, { resultPath: '$.error' });
    listFailed.addCatch(pollFailed, { resultPath: '$.error' });
    const maxPolls = Math.ceil(props.runTimeout.toSeconds() / props.pollInterval.toSeconds());
    const countPoll = new sfn.Pass(this, 'CountPoll', {
      parameters: {
        attempts: sfn.JsonPath.numberAt('$.counters.attempts'),
        polls: sfn.JsonPath.mathAdd(sfn.JsonPath.numberAt('$.counters.polls'), 1),
        destroyed: false,
      },
      resultPath: '$.counters',
    });

    // ---- destroy: DeleteStack (API retries, re-issued after DELETE_FAILED), completion polled ----
    const destroy = this.deleteBedStack('Destroy', props.bedStackArns);
    const destroyFailed = new sfn.Pass(this, 'DestroyFailed', {
      comment: 'The bed outlived the night: the TTL schedule and the sweeper delete it later.',
      resultPath: sfn.JsonPath.DISCARD,
    });
    destroy.addCatch(destroyFailed, { resultPath: '$.destroyError' });
    const countAttempt = new sfn.Pass(this, 'CountDestroyAttempt', {
      parameters: {
        attempts: sfn.JsonPath.mathAdd(sfn.JsonPath.numberAt('$.counters.attempts'), 1),
        polls: 0,
        destroyed: false,
      },
      resultPath: '$.counters',
    });
    const waitDeleted = new sfn.Wait(this, 'WaitForDeletion', {
      time: sfn.WaitTime.duration(DESTROY_POLL),
    });
    const describe = new tasks.CallAwsService(this, 'DescribeBed', {
      service: 'cloudformation',
      action: 'describeStacks',
      parameters: { StackName: sfn.JsonPath.stringAt(BED_STACK) },
      iamResources: [props.bedStackArns],
      resultSelector: { status: sfn.JsonPath.stringAt('$.Stacks[0].StackStatus') },
      resultPath: '$.bed',
      taskTimeout: sfn.Timeout.duration(Duration.minutes(1)),
    });
    describe.addRetry({
      errors: ['CloudFormation.CloudFormationException'],
      maxAttempts: 2,
      interval: Duration.seconds(10),
    });
    const destroyed = new sfn.Pass(this, 'Destroyed', {
      parameters: {
        attempts: sfn.JsonPath.numberAt('$.counters.attempts'),
        polls: 0,
        destroyed: true,
      },
      resultPath: '$.counters',
    });
    // Describing a stack by name fails once it is gone (DELETE_COMPLETE stacks are not found by name).
    describe.addCatch(destroyed, { resultPath: '$.describeError' });
    const countDeletionPoll = new sfn.Pass(this, 'CountDeletionPoll', {
      parameters: {
        attempts: sfn.JsonPath.numberAt('$.counters.attempts'),
        polls: sfn.JsonPath.mathAdd(sfn.JsonPath.numberAt('$.counters.polls'), 1),
        destroyed: false,
      },
      resultPath: '$.counters',
    });
    const maxDeletionPolls = Math.ceil(props.destroyTimeout.toSeconds() / DESTROY_POLL.toSeconds());

    const collect = step(
      'Collect',
      'collect',
      {
        ...runEnv,
        TESTBED_RUN_PREFIX: sfn.JsonPath.stringAt('$.deploy.output'),
        TESTBED_OUTCOME: sfn.JsonPath.stringAt('$.outcome'),
      },
      '$.collect',
    );
    const collectFailed = setOutcome('CollectFailed', 'collect-failed');
    collect.addCatch(collectFailed, { resultPath: '$.error' });
    const runOk = new sfn.Pass(this, 'RunOk', {
      result: sfn.Result.fromString('ok'),
      resultPath: '$',
    });
    const runNotOk = new sfn.Pass(this, 'RunNotOk', {
      result: sfn.Result.fromString('failed'),
      resultPath: '$',
    });
    const runResult = new sfn.Choice(this, 'RunResult')
      .when(
        sfn.Condition.and(
          sfn.Condition.stringEquals('$.outcome', 'done'),
          sfn.Condition.booleanEquals('$.counters.destroyed', true),
        ),
        runOk,
      )
      .otherwise(runNotOk);

    // Wiring of one run.
    deployFailed.next(countAttempt);
    pollFailed.next(countAttempt);
    countAttempt.next(destroy);
    destroy.next(waitDeleted);
    waitDeleted.next(describe);
    describe.next(
      new sfn.Choice(this, 'BedDeleted?')
        .when(sfn.Condition.stringEquals('$.bed.status', 'DELETE_COMPLETE'), destroyed)
        .when(
          sfn.Condition.and(
            sfn.Condition.stringEquals('$.bed.status', 'DELETE_FAILED'),
            sfn.Condition.numberLessThan('$.counters.attempts', DESTROY_ATTEMPTS),
          ),
          countAttempt,
        )
        .when(sfn.Condition.stringEquals('$.bed.status', 'DELETE_FAILED'), destroyFailed)
        .when(
          sfn.Condition.numberGreaterThanEquals('$.counters.polls', maxDeletionPolls),
          destroyFailed,
        )
        .otherwise(countDeletionPoll),
    );
    countDeletionPoll.next(waitDeleted);
    destroyed.next(collect);
    destroyFailed.next(collect);
    collect.next(runResult);
    collectFailed.next(runResult);

    const run = initRun
      .next(deploy)
      .next(waitPoll)
      .next(listDone)
      .next(
        new sfn.Choice(this, 'Done?')
          .when(
            sfn.Condition.numberGreaterThan('$.done.count', 0),
            setOutcome('RunDone', 'done').next(countAttempt),
          )
          .otherwise(
            listFailed.next(
              new sfn.Choice(this, 'Failed?')
                .when(
                  sfn.Condition.numberGreaterThan('$.failed.count', 0),
                  setOutcome('RunFailed', 'failed').next(countAttempt),
                )
                .otherwise(
                  countPoll.next(
                    new sfn.Choice(this, 'WithinRunTimeout?')
                      .when(
                        sfn.Condition.numberGreaterThanEquals('$.counters.polls', maxPolls),
                        setOutcome('RunTimedOut', 'timeout').next(countAttempt),
                      )
                      .otherwise(waitPoll),
                  ),
                ),
            ),
          ),
      );

    // ---- the night ----
    const bedIds = [...new Set(props.runs.map((r) => r.bedId))];
    const start = new sfn.Pass(this, 'Start', {
      parameters: {
        started: sfn.JsonPath.stringAt('$$.Execution.StartTime'),
        runs: props.runs.map((r) => ({ ...r })),
        bedIds,
      },
    });
    const listRunning = new tasks.CallAwsService(this, 'ListRunningNights', {
      service: 'sfn',
      action: 'listExecutions',
      parameters: {
        StateMachineArn: sfn.JsonPath.stringAt('$$.StateMachine.Id'),
        StatusFilter: 'RUNNING',
        MaxResults: 2,
      },
      iamResources: [props.stateMachineArn],
      iamAction: 'states:ListExecutions',
      resultSelector: { running: sfn.JsonPath.arrayLength(sfn.JsonPath.listAt('$.Executions')) },
      resultPath: '$.lock',
      taskTimeout: sfn.Timeout.duration(Duration.minutes(1)),
    });
    listRunning.addRetry({ errors: ['States.ALL'], maxAttempts: 3, interval: Duration.seconds(5) });
    const lockFailed = new sfn.Fail(this, 'CannotCheckOtherNights', {
      error: 'LockUnavailable',
      cause: 'Could not list the running executions; nothing was deployed.',
    });
    listRunning.addCatch(lockFailed, { resultPath: '$.error' });
    const anotherRunning = new sfn.Fail(this, 'AnotherNightRunning', {
      error: 'AnotherNightRunning',
      cause: 'An execution of this campaign is still running; nothing was deployed.',
    });

    const runs = new sfn.Map(this, 'Runs', {
      itemsPath: '$.runs',
      itemSelector: {
        item: sfn.JsonPath.stringAt('$$.Map.Item.Value'),
        started: sfn.JsonPath.stringAt('$.started'),
      },
      maxConcurrency: 1,
      resultPath: '$.runResults',
    });
    runs.itemProcessor(run);

    // Backstop for anything that escapes an iteration: delete every bed of the campaign.
    const destroyAll = new sfn.Map(this, 'DestroyAllBeds', {
      itemsPath: '$.bedIds',
      itemSelector: { item: { bedId: sfn.JsonPath.stringAt('$$.Map.Item.Value') } },
      maxConcurrency: 4,
      resultPath: sfn.JsonPath.DISCARD,
    });
    const destroyOne = this.deleteBedStack('DestroyBed', props.bedStackArns);
    destroyOne.addCatch(new sfn.Pass(this, 'LeaveBedToSweeper'), { resultPath: '$.error' });
    destroyAll.itemProcessor(destroyOne);

    const failed = new sfn.Fail(this, 'NightFailed', {
      error: 'NightFailed',
      cause: 'A step of the night failed; every bed was deleted (see the execution history).',
    });
    const notifyFailure = new tasks.SnsPublish(this, 'NotifyFailure', {
      topic: props.topic,
      subject: `testbed campaign ${props.campaignName}: night failed`,
      message: sfn.TaskInput.fromText(
        sfn.JsonPath.format(
          `testbed campaign ${props.campaignName}, night of {}: a step failed, every bed was deleted: {}`,
          sfn.JsonPath.stringAt('$.started'),
          sfn.JsonPath.stringAt('$.error.Cause'),
        ),
      ),
      resultPath: sfn.JsonPath.DISCARD,
      taskTimeout: sfn.Timeout.duration(Duration.minutes(1)),
    });
    notifyFailure.addCatch(failed, { resultPath: sfn.JsonPath.DISCARD });
    runs.addCatch(destroyAll, { resultPath: '$.error' });
    destroyAll.addCatch(notifyFailure, { resultPath: '$.destroyAllError' });
    destroyAll.next(notifyFailure);
    notifyFailure.next(failed);

    const summarize = new sfn.Pass(this, 'Summarize', {
      parameters: {
        anyFailed: sfn.JsonPath.arrayContains(sfn.JsonPath.listAt('$.runResults'), 'failed'),
      },
      resultPath: '$.summary',
    });
    const judge = step(
      'Judge',
      'judge',
      { TESTBED_STARTED: sfn.JsonPath.stringAt('$.started') },
      '$.judge',
    );
    judge.addCatch(notifyFailure, { resultPath: '$.error' });
    const reportUrl = `s3://${props.resultsBucket.bucketName}/${props.historyPrefix}/${props.campaignName}/report.html`;
    const notify = new tasks.SnsPublish(this, 'Notify', {
      topic: props.topic,
      subject: `testbed campaign ${props.campaignName}: nightly verdict`,
      message: sfn.TaskInput.fromText(
        sfn.JsonPath.format(
          `testbed campaign ${props.campaignName}, night of {}: {}; a run failed: {}. Trend report: ${reportUrl}`,
          sfn.JsonPath.stringAt('$.started'),
          sfn.JsonPath.stringAt('$.judge.output'),
          sfn.JsonPath.stringAt('$.summary.anyFailed'),
        ),
      ),
      resultPath: sfn.JsonPath.DISCARD,
      taskTimeout: sfn.Timeout.duration(Duration.minutes(1)),
    });
    notify.addCatch(failed, { resultPath: '$.error' });
    const verdict = new sfn.Choice(this, 'Verdict')
      .when(
        sfn.Condition.stringEquals('$.judge.output', 'regression'),
        new sfn.Fail(this, 'RegressionFound', {
          error: 'RegressionFound',
          cause: 'The gate confirmed a regression (see the trend report).',
        }),
      )
      .when(
        sfn.Condition.booleanEquals('$.summary.anyFailed', true),
        new sfn.Fail(this, 'RunsFailed', {
          error: 'RunsFailed',
          cause: 'A run failed, timed out, or its bed could not be deleted; beds were destroyed.',
        }),
      )
      .otherwise(new sfn.Succeed(this, 'NightPassed'));

    this.chain = start
      .next(listRunning)
      .next(
        new sfn.Choice(this, 'OnlyNight?')
          .when(sfn.Condition.numberGreaterThan('$.lock.running', 1), anotherRunning)
          .otherwise(runs.next(summarize).next(judge).next(notify).next(verdict)),
      );
  }

  /** DeleteStack of the item's bed stack (BED_STACK), its API errors retried with backoff. */
  private deleteBedStack(id: string, bedStackArns: string): tasks.CallAwsService {
    const task = new tasks.CallAwsService(this, id, {
      service: 'cloudformation',
      action: 'deleteStack',
      parameters: { StackName: sfn.JsonPath.stringAt(BED_STACK) },
      iamResources: [bedStackArns],
      resultPath: sfn.JsonPath.DISCARD,
      taskTimeout: sfn.Timeout.duration(Duration.minutes(1)),
    });
    task.addRetry({
      errors: ['States.ALL'],
      maxAttempts: 5,
      interval: Duration.seconds(20),
      backoffRate: 2,
    });
    return task;
  }
}
