import { ArnFormat, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';

import { BootstrapBundle, type BootstrapBundleProps } from '../bootstrap-bundle';
import { invalidProp } from '../errors';
import { BedSweeper, type BedSweeperProps } from './bed-sweeper';
import { CampaignDefinition, type CampaignRunItem } from './campaign-definition';
import { CampaignRunner } from './campaign-runner';
import { acknowledgeCampaignStack } from './private/nag-acknowledgements';

/** Properties of {@link CampaignStack}. */
export interface CampaignStackProps extends StackProps {
  /** The campaign's name (the spec's `name`): names the beds, the history and the state machine. */
  readonly campaignName: string;
  /** The campaign spec's path inside the bundle, relative to the project root. */
  readonly campaignFile: string;
  /** The matrix's cell names, in the spec's order (fixed at deploy: a changed matrix is a redeploy). */
  readonly cells: readonly string[];
  /**
   * Runs of every cell a night.
   * @default 3
   */
  readonly repetitions?: number;
  /** When the night starts: the spec's `schedule` (cron and IANA time zone). */
  readonly schedule: scheduler.ScheduleExpression;
  /** The long-lived results bucket: the beds write there and the history lives in it too. */
  readonly resultsBucket: s3.IBucket;
  /** The bootstrap bundle (`testbed cloud bundle`): CodeBuild runs the CLI from the same archive. */
  readonly bundle: BootstrapBundleProps;
  /**
   * Key prefix of the campaign histories in the results bucket (no slashes at the ends).
   * @default 'campaigns'
   */
  readonly historyPrefix?: string;
  /**
   * How long a bed may run (deployed to `DONE`/`FAILED`) before the night gives up on it.
   * @default Duration.hours(3)
   */
  readonly runTimeout?: Duration;
  /**
   * How often the run's `DONE`/`FAILED` objects are checked.
   * @default Duration.minutes(2)
   */
  readonly pollInterval?: Duration;
  /**
   * Bound of one CodeBuild step (a deploy waits for every node's signal, up to 40 min).
   * @default Duration.minutes(75)
   */
  readonly stepTimeout?: Duration;
  /**
   * How long a bed's deletion may take before it counts as failed (the sweeper retries later).
   * @default Duration.minutes(45)
   */
  readonly destroyTimeout?: Duration;
  /** @default - no subscription (subscribe to the `NotificationTopic` output yourself) */
  readonly notificationEmails?: readonly string[];
  /**
   * The expired-bed sweeper; `false` leaves it out (e.g. when another campaign stack has one).
   * @default - a sweeper with BedSweeper's defaults
   */
  readonly sweeper?: BedSweeperProps | false;
  /**
   * The account's CDK bootstrap qualifier, whose deploy roles CodeBuild assumes.
   * @default 'hnb659fds'
   */
  readonly cdkQualifier?: string;
}

/** Step Functions' history limit per execution, and roughly how many events each part takes. */
const MAX_HISTORY_EVENTS = 25_000;
const EVENTS_PER_POLL = 10;
const EVENTS_PER_RUN = 120;

/** The campaign stack's name for a campaign. */
export function campaignStackName(campaignName: string): string {
  return `TestbedCampaign-${campaignName}`;
}

/** The bed id of a run of a night: one bed per cell × repetition, `<campaign>-<cell>-<rep>`. */
export function campaignBedId(campaignName: string, cellIndex: number, repetition: number): string {
  return `${campaignName}-${cellIndex}-${repetition}`;
}

/**
 * The long-lived nightly pipeline of one campaign: an EventBridge Scheduler schedule starts a
 * Step Functions state machine (one night at a time) that deploys a bed per cell × repetition
 * through a CodeBuild project running the CLI, waits for `DONE`/`FAILED` with a bound, destroys
 * the bed in every path, collects the run into the history, judges the night and notifies an
 * encrypted SNS topic; plus a sweeper for beds whose TTL deletion failed. The history is a prefix
 * of the results bucket (retained, versioned, encrypted, SSL only; see campaigns/README.md).
 */
export class CampaignStack extends Stack {
  readonly stateMachine: sfn.StateMachine;
  readonly runner: CampaignRunner;
  readonly topic: sns.Topic;
  readonly key: kms.Key;
  readonly schedule: scheduler.Schedule;
  readonly sweeper?: BedSweeper;
  readonly runs: readonly CampaignRunItem[];

  constructor(scope: Construct, id: string, props: CampaignStackProps) {
    super(scope, id, props);
    const name = props.campaignName;
    if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(name)) {
      throw invalidProp(
        'campaignName',
        name,
        'it must be lower-case letters, digits and -, at most 40',
        'Rename the campaign (its spec’s `name`).',
      );
    }
    if (props.cells.length === 0 || props.cells.length > 50) {
      throw invalidProp(
        'cells',
        props.cells.length,
        'a campaign has 1 to 50 cells',
        'Shrink the matrix or split it into several campaigns.',
      );
    }
    const repetitions = props.repetitions ?? 3;
    if (!Number.isInteger(repetitions) || repetitions < 1 || repetitions > 20) {
      throw invalidProp(
        'repetitions',
        repetitions,
        'it must be an integer from 1 to 20',
        'Use e.g. 3.',
      );
    }
    const historyPrefix = props.historyPrefix ?? 'campaigns';
    if (!/^[a-z0-9][a-z0-9/-]*[a-z0-9]$/.test(historyPrefix) || historyPrefix.startsWith('beds')) {
      throw invalidProp(
        'historyPrefix',
        historyPrefix,
        'it must be a key prefix without slashes at the ends, outside beds/',
        "Use the default 'campaigns'.",
      );
    }
    const runTimeout = props.runTimeout ?? Duration.hours(3);
    const pollInterval = props.pollInterval ?? Duration.minutes(2);
    if (pollInterval.toSeconds() < 30 || pollInterval.toSeconds() >= runTimeout.toSeconds()) {
      throw invalidProp(
        'pollInterval',
        pollInterval.toHumanString(),
        `it must be at least 30 seconds and shorter than runTimeout (${runTimeout.toHumanString()})`,
        'Use e.g. Duration.minutes(2).',
      );
    }
    const runs: CampaignRunItem[] = [];
    for (let repetition = 0; repetition < repetitions; repetition++) {
      props.cells.forEach((cell, index) =>
        runs.push({ cell, repetition, bedId: campaignBedId(name, index, repetition) }),
      );
    }
    this.runs = runs;
    const polls = Math.ceil(runTimeout.toSeconds() / pollInterval.toSeconds());
    const events = runs.length * (EVENTS_PER_RUN + polls * EVENTS_PER_POLL);
    if (events > MAX_HISTORY_EVENTS * 0.8) {
      throw invalidProp(
        'runTimeout',
        runTimeout.toHumanString(),
        `${runs.length} runs polled every ${pollInterval.toHumanString()} would need about ${events} execution history events; Step Functions allows ${MAX_HISTORY_EVENTS}`,
        'Poll less often (pollInterval), shorten runTimeout, or run fewer cells × repetitions a night.',
      );
    }

    this.key = new kms.Key(this, 'Key', {
      description: `testbed campaign ${name}: notifications and build artifacts`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    this.topic = new sns.Topic(this, 'Notifications', {
      displayName: `testbed campaign ${name}`,
      masterKey: this.key,
      enforceSSL: true,
    });
    for (const email of props.notificationEmails ?? [])
      this.topic.addSubscription(new subscriptions.EmailSubscription(email));

    const bundle = new BootstrapBundle(this, 'Bundle', props.bundle);
    this.runner = new CampaignRunner(this, 'Runner', {
      campaignName: name,
      campaignFile: props.campaignFile,
      bundle,
      resultsBucket: props.resultsBucket,
      historyPrefix,
      encryptionKey: this.key,
      timeout: props.stepTimeout ?? Duration.minutes(75),
      cdkQualifier: props.cdkQualifier ?? 'hnb659fds',
      bedIdPrefix: `${name}-`,
    });

    const stateMachineName = `testbed-campaign-${name}`;
    const definition = new CampaignDefinition(this, 'Night', {
      campaignName: name,
      runs,
      project: this.runner.project,
      resultsBucket: props.resultsBucket,
      historyPrefix,
      topic: this.topic,
      runTimeout,
      pollInterval,
      stepTimeout: props.stepTimeout ?? Duration.minutes(75),
      destroyTimeout: props.destroyTimeout ?? Duration.minutes(45),
      bedStackArns: this.formatArn({
        service: 'cloudformation',
        resource: 'stack',
        resourceName: `Testbed-${name}-*/*`,
      }),
      stateMachineArn: this.formatArn({
        service: 'states',
        resource: 'stateMachine',
        resourceName: stateMachineName,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
    });
    const logGroup = new logs.LogGroup(this, 'NightLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // No state machine timeout on purpose: a timed-out execution runs no Catch, so it could not
    // destroy its bed; every state is bounded instead (task timeouts, counted polls).
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName,
      comment: `testbed campaign ${name}: one night (deploy → wait → destroy → collect per run; judge; notify)`,
      definitionBody: sfn.DefinitionBody.fromChainable(definition.chain),
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });

    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      description: `testbed campaign ${name}: starts a night`,
      schedule: props.schedule,
      timeWindow: scheduler.TimeWindow.off(),
      target: new targets.StepFunctionsStartExecution(this.stateMachine, {
        // A second start would only fail fast on the one-night check; a late night is not wanted.
        retryAttempts: 2,
        maxEventAge: Duration.hours(1),
      }),
    });

    if (props.sweeper !== false)
      this.sweeper = new BedSweeper(this, 'Sweeper', props.sweeper ?? {});

    this.key.grant(this.stateMachine, 'kms:Decrypt', 'kms:GenerateDataKey*'); // publishing to the encrypted topic
    acknowledgeCampaignStack(this, {
      campaignName: name,
      historyPrefix,
      resultsBucket: props.resultsBucket,
      runnerRole: this.runner.project.role as iam.IRole,
      runnerProject: this.runner.project,
      stateMachineRole: this.stateMachine.role,
      ...(this.sweeper
        ? {
            sweeperRole: this.sweeper.function.role,
            sweeperFunction: this.sweeper.function,
          }
        : {}),
    });
    new CfnOutput(this, 'NotificationTopic', {
      value: this.topic.topicArn,
      description: 'subscribe to the nightly verdicts (e-mail, chat)',
    });
    new CfnOutput(this, 'StateMachineArn', {
      value: this.stateMachine.stateMachineArn,
      description:
        'one execution per night; start one by hand with aws stepfunctions start-execution',
    });
    new CfnOutput(this, 'History', {
      value: `s3://${props.resultsBucket.bucketName}/${historyPrefix}/${name}/`,
      description: 'the campaign history and its trend report (report.html)',
    });
  }
}
