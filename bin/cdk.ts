/**
 * The CDK app: `npx cdk synth -c spec=<bed spec> -c ttlDeadline=<ISO time>` (what `testbed cloud up`
 * runs through the toolkit), or `npx cdk synth -c campaign=<campaign spec> [-c notify=a@b,c@d]`
 * (a campaign's nightly pipeline, lib/campaign). Synth is offline and deterministic: no lookups, no credentials, the
 * TTL deadline and run id come in as context. A bad spec or deadline prints a message and exits 2
 * before any construct is made.
 */
import path from 'node:path';

import { App } from 'aws-cdk-lib';

import { loadBedSpec } from '../bed/load-spec';
import { loadCampaignSpec } from '../campaigns/spec/load-spec';
import { UsageError } from '../common/errors';
import { addCampaignStacks } from '../lib/campaign/campaign-app';
import { DEFAULT_REGION } from '../lib/spec-props';
import { bundleFiles, addTestbedStacks } from '../lib/testbed-app';
import { reportCliError } from './error-exit';

function main(): void {
  const app = new App();
  const context = (key: string): string | undefined => {
    const value: unknown = app.node.tryGetContext(key);
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  // -c campaign=<campaign.yaml>: the campaign's long-lived nightly pipeline (no bed, no deadline).
  const campaignFile = context('campaign');
  if (campaignFile) {
    const campaign = loadCampaignSpec(path.resolve(campaignFile));
    const emails = context('notify');
    addCampaignStacks(app, {
      name: campaign.spec.name,
      file: path.relative(process.cwd(), path.resolve(campaignFile)).split(path.sep).join('/'),
      cells: campaign.cells.map((c) => c.name),
      repetitions: campaign.spec.repetitions,
      ...(campaign.spec.schedule ? { schedule: campaign.spec.schedule } : {}),
      region: campaign.cells[0]?.bed.spec.cloud.region ?? DEFAULT_REGION,
      bundle: bundleFiles(path.resolve(context('bundleDir') ?? '.run/cloud/bundle')),
      ...(emails ? { notificationEmails: emails.split(',') } : {}),
    });
    app.synth();
    return;
  }
  const specFile = context('spec');
  if (!specFile) {
    throw new UsageError('no bed spec: the app needs -c spec=<file>.', {
      hint: 'e.g. npx cdk synth -c spec=examples/beds/nightly-cloud.yaml -c ttlDeadline=2026-12-08T03:00:00Z',
    });
  }
  const deadlineText = context('ttlDeadline');
  if (!deadlineText) {
    throw new UsageError(
      'no TTL deadline: the app needs -c ttlDeadline=<ISO time> (synth stays deterministic).',
      {
        hint: '`testbed cloud up` computes it from cloud.ttlHours; by hand: -c ttlDeadline=2026-12-08T03:00:00Z',
      },
    );
  }
  const loaded = loadBedSpec(path.resolve(specFile));
  const runId = context('runId');
  addTestbedStacks(app, {
    spec: loaded.spec,
    deadline: new Date(deadlineText),
    now: new Date(),
    bundle: bundleFiles(path.resolve(context('bundleDir') ?? '.run/cloud/bundle')),
    source: specFile,
    ...(runId ? { runId } : {}),
  });
  app.synth();
}

try {
  main();
} catch (error) {
  process.exit(reportCliError(error));
}
