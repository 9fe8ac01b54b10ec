import { App, TimeZone, Validations } from 'aws-cdk-lib';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { AwsSolutionsChecks } from 'cdk-nag';

import type { BootstrapBundleProps } from '../bootstrap-bundle';
import { CloudBedError } from '../errors';
import { ResultsStack } from '../results-stack';
import { RESULTS_STACK_NAME } from '../testbed-app';
import { CampaignStack, campaignStackName } from './campaign-stack';

/** What the app needs of a campaign spec (campaigns/spec): the entry point maps the loaded spec. */
export interface CampaignAppInput {
  readonly name: string;
  /** The spec's path relative to the project root (as it is inside the bundle). */
  readonly file: string;
  readonly cells: readonly string[];
  readonly repetitions: number;
  /** The spec's `schedule`; required for the cloud. */
  readonly schedule?: { readonly cron: string; readonly timeZone: string };
  readonly region: string;
  readonly bundle: BootstrapBundleProps;
  /** @default - none */
  readonly notificationEmails?: readonly string[];
  /** @default true */
  readonly nag?: boolean;
}

/** Adds the results stack and the campaign's stack to `app`; the spec's schedule is required. */
export function addCampaignStacks(
  app: App,
  input: CampaignAppInput,
): { results: ResultsStack; campaign: CampaignStack } {
  if (!input.schedule) {
    throw new CloudBedError(
      'spec',
      `${input.file}: the campaign ${input.name} has no \`schedule\`, which the nightly pipeline needs.`,
      {
        hint: "Add e.g. `schedule: { cron: '0 2 * * ? *', timeZone: Europe/Berlin }` (see examples/campaigns/nightly-cloud.yaml).",
      },
    );
  }
  const env = { region: input.region };
  const results = new ResultsStack(app, RESULTS_STACK_NAME, {
    env,
    description: 'testbed: long-lived results bucket (retained, versioned, encrypted, SSL only)',
  });
  const resultsBucket = results.sharedBucket;
  const campaign = new CampaignStack(app, campaignStackName(input.name), {
    env,
    description: `testbed campaign ${input.name}: the nightly pipeline (schedule, state machine, CodeBuild, sweeper)`,
    campaignName: input.name,
    campaignFile: input.file,
    cells: input.cells,
    repetitions: input.repetitions,
    schedule: scheduler.ScheduleExpression.expression(
      `cron(${input.schedule.cron})`,
      TimeZone.of(input.schedule.timeZone),
    ),
    resultsBucket,
    bundle: input.bundle,
    ...(input.notificationEmails ? { notificationEmails: input.notificationEmails } : {}),
  });
  if (input.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { results, campaign };
}
