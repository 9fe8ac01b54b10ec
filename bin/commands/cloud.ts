/**
 * `testbed cloud up|status|run|report|dashboard|logs|down|bundle`: the AWS bed. Deploys and
 * destroys through the CDK's programmatic toolkit (@aws-cdk/toolkit-lib), reads status, logs and
 * reports from the results bucket, and after `down` checks that nothing tagged with the bed id is
 * left. Credentials and region come from the standard AWS chain.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  BootstrapEnvironments,
  StackSelectionStrategy,
  Toolkit,
  type IIoHost,
} from '@aws-cdk/toolkit-lib';
import { App } from 'aws-cdk-lib';
import { z } from 'zod';

import { BedLayout, defaultBedPrefix, newBedRunId } from '../../bed/s3-layout';
import { stageArtifacts } from '../../bootstrap/shared/artifacts';
import { BedBucket } from '../../bootstrap/shared/bucket';
import { resolveArtifacts } from '../../bootstrap/shared/resolve-artifacts';
import { loadBedSpec, type LoadedBedSpec } from '../../bed/load-spec';
import { resolveBed, resolvedBedSchema, type BedAddresses } from '../../bed/resolve';
import { UsageError } from '../../common/errors';
import { NODE_ROLES } from '../../lib/addresses';
import { buildBundle } from '../../lib/cloud/build-bundle';
import { findLeftovers } from '../../lib/cloud/leftovers';
import { loadTestInstances, requestRun } from '../../lib/cloud/rerun';
import { formatEstimate } from '../../lib/cost/estimate';
import { estimateSpecCost } from '../../lib/cost/spec-cost';
import { CloudBedError } from '../../lib/errors';
import { RESULTS_BUCKET_NAME_OUTPUT } from '../../lib/results-stack';
import { checkDeadline, DEFAULT_TTL_HOURS } from '../../lib/spec-props';
import {
  addTestbedStacks,
  bedStackName,
  bundleFiles,
  RESULTS_STACK_NAME,
} from '../../lib/testbed-app';
import { fail, ok, out, progress } from '../cli-output';

const projectDir = path.resolve(__dirname, '../..');
/**
 * Where bed records and the bootstrap bundle live: TESTBED_CLOUD_DIR or `.run/cloud` of the
 * checkout (tests point it at a temporary directory with a small bundle).
 */
const cloudDir = (): string =>
  process.env.TESTBED_CLOUD_DIR ?? path.join(projectDir, '.run', 'cloud');
const bundleDir = (): string => path.join(cloudDir(), 'bundle');

/**
 * Runs a toolkit action; its failure (a stack that would not deploy or delete, an AWS error) is
 * the bed's, reported as such, not as a bug of the CLI.
 */
async function aws<T>(what: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof CloudBedError) throw error;
    throw new CloudBedError('aws', `${what} failed: ${(error as Error).message}`, {
      hint: 'The stack events in the CloudFormation console say which resource failed and why; run the command again once it is fixed.',
    });
  }
}

/** What `up` records for the other verbs. */
interface BedRecord {
  readonly bedId: string;
  readonly stackName: string;
  readonly region: string;
  readonly deadline: string;
  /** The current run (the latest `up` or `run`). */
  readonly runId: string;
  /** The run whose Cassandra and Ignite nodes serve every run (the first). @default runId */
  readonly servicesRunId?: string;
  readonly specFile: string;
  readonly outputs: Record<string, string>;
  readonly bucket: string;
  readonly estimatePerHourUsd: number;
}

const recordFile = (bedId: string): string => path.join(cloudDir(), 'beds', `${bedId}.json`);

function readRecord(bedId: string): BedRecord {
  try {
    return JSON.parse(readFileSync(recordFile(bedId), 'utf8')) as BedRecord;
  } catch {
    throw new UsageError(
      `no cloud bed '${bedId}' was brought up from this checkout (${recordFile(bedId)} is missing).`,
      {
        hint: 'Run `testbed cloud up <spec>` first.',
      },
    );
  }
}

/** Parses `--ttl 4h` / `90m`; the deadline is rounded up to a whole minute (Scheduler's precision). */
export function deadlineFromTtl(
  ttl: string | undefined,
  specHours: number | undefined,
  now: Date,
): Date {
  let minutes = (specHours ?? DEFAULT_TTL_HOURS) * 60;
  if (ttl !== undefined) {
    const m = /^(\d+(?:\.\d+)?)(h|m)$/.exec(ttl.trim());
    if (!m)
      throw new UsageError(`--ttl ${ttl} is not a duration.`, {
        hint: 'Use hours or minutes: --ttl 4h, --ttl 90m.',
      });
    minutes = Number(m[1]) * (m[2] === 'h' ? 60 : 1);
  }
  const deadline = new Date(Math.ceil((now.getTime() + minutes * 60_000) / 60_000) * 60_000);
  checkDeadline(deadline, now);
  return deadline;
}

/** Progress of the toolkit on stderr, one line per message at info level or above. */
function ioHost(verbose: boolean): IIoHost {
  return {
    notify: (msg) => {
      if (
        verbose ||
        msg.level === 'error' ||
        msg.level === 'warn' ||
        msg.level === 'result' ||
        /deploy|destroy|publish|%/i.test(msg.message.slice(0, 80))
      )
        if (msg.level !== 'debug' && msg.level !== 'trace') progress(msg.message.trimEnd());
      return Promise.resolve();
    },
    requestResponse: (msg) => Promise.resolve(msg.defaultResponse),
  };
}

/** Options of `testbed cloud up`. */
export interface CloudUpOptions {
  readonly ttl?: string;
  readonly yes?: boolean;
  readonly verbose?: boolean;
}

export async function cloudBundle(): Promise<number> {
  const files = await buildBundle(projectDir, bundleDir(), progress);
  for (const f of files) out(ok(f));
  return 0;
}

/** The app of a spec as a toolkit assembly source; `onSynth` sees the bed stack's addresses. */
function assemblySource(
  toolkit: Toolkit,
  input: Omit<Parameters<typeof addTestbedStacks>[1], 'bundle'>,
  onSynth: (addresses: BedAddresses) => void = () => undefined,
) {
  return toolkit.fromAssemblyBuilder((props) => {
    const app = new App({ outdir: props.outdir, context: props.context });
    const { bed } = addTestbedStacks(app, { ...input, bundle: bundleFiles(bundleDir()) });
    onSynth(bed.addresses);
    return Promise.resolve(app.synth());
  });
}

/**
 * `testbed cloud bootstrap <spec>`: what `cdk bootstrap` does, for the spec's account and region
 * (the CDKToolkit stack with the assets bucket the bundle is published to). Once per account and
 * region; deploying again is a no-op.
 */
export async function cloudBootstrap(
  specFile: string,
  options: { verbose?: boolean },
): Promise<number> {
  const spec = loadBedSpec(path.resolve(specFile)).spec;
  const toolkit = new Toolkit({ ioHost: ioHost(options.verbose ?? false) });
  // Both stacks live in the spec's region of the credentials' account: one environment (listing
  // the app's stacks would bootstrap it twice at once).
  const result = await aws('bootstrap', () =>
    toolkit.bootstrap(
      BootstrapEnvironments.fromList([`aws://unknown-account/${spec.cloud.region}`]),
      {},
    ),
  );
  for (const env of result.environments)
    out(
      ok(
        `bootstrapped ${env.environment.name}${env.status === 'no-op' ? ' (already up to date)' : ''}`,
      ),
    );
  return 0;
}

/** Stages a run's resolved bed (bed/resolve.ts, the object the bootstrap roles read). */
async function stageRun(
  s3: S3Client,
  bucket: string,
  loaded: LoadedBedSpec,
  run: { runId: string; servicesRunId: string; addresses: BedAddresses },
): Promise<string> {
  const layout = new BedLayout(defaultBedPrefix(loaded.spec.name));
  const estimate = estimateSpecCost(loaded.spec);
  const resolved = resolveBed(loaded, {
    bedId: loaded.spec.name,
    ...run,
    price: { perHourUsd: estimate.perHourUsd, basis: estimate.basis },
  });
  const key = layout.run(run.runId).spec;
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: JSON.stringify(resolved, null, 2),
      ContentType: 'application/json',
    }),
  );
  return key;
}

export async function cloudUp(specFile: string, options: CloudUpOptions): Promise<number> {
  const loaded = loadBedSpec(path.resolve(specFile));
  const spec = loaded.spec;
  const now = new Date();
  const deadline = deadlineFromTtl(options.ttl, spec.cloud.ttlHours, now);
  const ttlHours = (deadline.getTime() - now.getTime()) / 3_600_000;
  const estimate = estimateSpecCost(spec, Math.round(ttlHours * 100) / 100);
  out(
    `Bed ${spec.name}: TTL deadline ${deadline.toISOString()} (AWS deletes the stack then). Estimated cost:`,
  );
  for (const line of formatEstimate(estimate)) out(line);
  const runId = newBedRunId(now);
  const region = spec.cloud.region;
  const toolkit = new Toolkit({ ioHost: ioHost(options.verbose ?? false) });
  let addresses: BedAddresses | undefined;
  const cx = await assemblySource(
    toolkit,
    { spec, deadline, now, runId, source: specFile },
    (a) => (addresses = a),
  );
  const stackName = bedStackName(spec.name);
  progress(`deploy ${RESULTS_STACK_NAME} (long-lived results bucket)`);
  const results = await aws(`deploy ${RESULTS_STACK_NAME}`, () =>
    toolkit.deploy(cx, {
      stacks: {
        strategy: StackSelectionStrategy.PATTERN_MUST_MATCH,
        patterns: [RESULTS_STACK_NAME],
      },
      deploymentMethod: { method: 'direct' },
    }),
  );
  const bucket = results.stacks[0]?.outputs[RESULTS_BUCKET_NAME_OUTPUT];
  if (!bucket)
    throw new CloudBedError('aws', `${RESULTS_STACK_NAME} returned no bucket name output.`);
  if (!addresses) throw new CloudBedError('aws', 'the app was not synthesized before deploy.');
  // Stage the run's resolved bed before the nodes boot: they read it at TESTBED_SPEC_KEY.
  const layout = new BedLayout(defaultBedPrefix(spec.name));
  const s3 = new S3Client({ region });
  try {
    await stageRun(s3, bucket, loaded, { runId, servicesRunId: runId, addresses });
    // The jars and the store the nodes fetch (they never reach Maven Central), as the local bed.
    progress(`stage artifacts to s3://${bucket}/${layout.artifactsPrefix}`);
    const staging = new BedBucket({ bucket, region, endpoint: '' });
    try {
      await stageArtifacts(
        staging,
        layout,
        await resolveArtifacts(spec, { variables: process.env, log: progress }),
      );
    } finally {
      staging.close();
    }
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: layout.bedRecord,
        Body: JSON.stringify({ version: 1, bedId: spec.name, servicesRunId: runId, spec }, null, 2),
        ContentType: 'application/json',
      }),
    );
  } finally {
    s3.destroy();
  }
  progress(`deploy ${stackName} (${NODE_ROLES.map((r) => `${spec.nodes[r]} ${r}`).join(', ')})`);
  const deployed = await aws(`deploy ${stackName}`, () =>
    toolkit.deploy(cx, {
      stacks: { strategy: StackSelectionStrategy.PATTERN_MUST_MATCH, patterns: [stackName] },
      deploymentMethod: { method: 'direct' },
    }),
  );
  const outputs = deployed.stacks[0]?.outputs ?? {};
  const record: BedRecord = {
    bedId: spec.name,
    stackName,
    region,
    deadline: deadline.toISOString(),
    runId,
    servicesRunId: runId,
    specFile: path.resolve(specFile),
    outputs,
    bucket,
    estimatePerHourUsd: estimate.perHourUsd,
  };
  mkdirSync(path.dirname(recordFile(spec.name)), { recursive: true });
  writeFileSync(recordFile(spec.name), JSON.stringify(record, null, 2));
  out(
    ok(
      `bed ${spec.name} is up: run ${runId}; results in ${outputs.ResultsLocation ?? `s3://${bucket}/${layout.prefix}/`}`,
    ),
  );
  if (outputs.GangliaPortForward) out(`Ganglia: ${outputs.GangliaPortForward}`);
  return 0;
}

export async function cloudDown(bedId: string, options: { verbose?: boolean }): Promise<number> {
  const record = readRecord(bedId);
  const toolkit = new Toolkit({ ioHost: ioHost(options.verbose ?? false) });
  const spec = loadBedSpec(record.specFile).spec;
  const cx = await assemblySource(toolkit, {
    spec,
    deadline: new Date(record.deadline),
    now: new Date(Date.parse(record.deadline) - 3_600_000),
    runId: record.runId,
    nag: false,
  });
  await aws(`destroy ${record.stackName}`, () =>
    toolkit.destroy(cx, {
      stacks: { strategy: StackSelectionStrategy.PATTERN_MUST_MATCH, patterns: [record.stackName] },
    }),
  );
  const left = await findLeftovers(bedId, record.stackName, record.region);
  if (left.taggedArns.length > 0 || left.stackStatus) {
    out(fail(`bed ${bedId}: left after destroy:`));
    if (left.stackStatus) out(`  stack ${record.stackName}: ${left.stackStatus}`);
    for (const arn of left.taggedArns) out(`  ${arn}`);
    throw new CloudBedError(
      'leftovers',
      `bed ${bedId} was not removed completely (${left.taggedArns.length} tagged resources).`,
      {
        hint: 'Delete them in the console or run `testbed cloud down` again; the results bucket is kept on purpose.',
      },
    );
  }
  out(
    ok(
      `bed ${bedId} destroyed: no resource tagged testbed:bed=${bedId} is left (results stay in s3://${record.bucket}/).`,
    ),
  );
  return 0;
}

async function listAndRead(
  record: BedRecord,
  prefix: string,
): Promise<Array<{ key: string; body: string }>> {
  const s3 = new S3Client({ region: record.region });
  try {
    const listed = await s3.send(
      new ListObjectsV2Command({ Bucket: record.bucket, Prefix: prefix, MaxKeys: 1000 }),
    );
    const items: Array<{ key: string; body: string }> = [];
    for (const o of listed.Contents ?? []) {
      if (!o.Key) continue;
      const r = await s3.send(new GetObjectCommand({ Bucket: record.bucket, Key: o.Key }));
      items.push({ key: o.Key, body: (await r.Body?.transformToString()) ?? '' });
    }
    return items;
  } finally {
    s3.destroy();
  }
}

export async function cloudStatus(bedId: string, options: { json?: boolean }): Promise<number> {
  const record = readRecord(bedId);
  const run = new BedLayout(defaultBedPrefix(bedId)).run(record.runId);
  const items = await listAndRead(record, run.statusPrefix);
  const rows: Array<Record<string, string | undefined>> = items.map((i) => ({
    node: path.basename(i.key, '.json'),
    ...(JSON.parse(i.body) as Record<string, string | undefined>),
  }));
  if (options.json)
    out(JSON.stringify({ bedId, runId: record.runId, deadline: record.deadline, nodes: rows }));
  else {
    out(`bed ${bedId}, run ${record.runId}, TTL deadline ${record.deadline}`);
    for (const r of rows)
      out(`  ${(r.node ?? '').padEnd(14)} ${(r.phase ?? '?').padEnd(11)} ${r.message ?? ''}`);
    if (rows.length === 0) out('  no node has reported yet');
  }
  return 0;
}

export function cloudDashboard(bedId: string): number {
  const record = readRecord(bedId);
  const command = record.outputs.GangliaPortForward;
  if (!command)
    throw new UsageError(`bed ${bedId} has no Ganglia node.`, {
      hint: 'Set nodes.ganglia: 1 in the spec.',
    });
  out(command);
  out('then open http://localhost:8080/ganglia/ (needs the AWS CLI Session Manager plugin)');
  return 0;
}

export async function cloudLogs(bedId: string, node: string): Promise<number> {
  const record = readRecord(bedId);
  const run = new BedLayout(defaultBedPrefix(bedId)).run(record.runId);
  const items = await listAndRead(record, `${run.allPrefix}logs/${node}/`);
  for (const i of items) out(`==> ${i.key}\n${i.body}`);
  if (items.length === 0) {
    const id = (record.outputs.Nodes ?? '')
      .split(',')
      .find((p) => p.toLowerCase().startsWith(node.replace('-', '')))
      ?.split('=')[1];
    out(`no shipped logs for ${node} yet (nodes ship them on exit and failure).`);
    if (id)
      out(
        `live: aws ssm start-session --region ${record.region} --target ${id}  (then: sudo tail -f /opt/testbed/launcher.log /opt/testbed/bootstrap.log)`,
      );
  }
  return 0;
}

export async function cloudReport(bedId: string): Promise<number> {
  const record = readRecord(bedId);
  const run = new BedLayout(defaultBedPrefix(bedId)).run(record.runId);
  const items = await listAndRead(record, `${run.allPrefix}report/`);
  for (const i of items.filter((x) => x.key.endsWith('.md'))) out(i.body);
  if (items.length === 0) out(`no report yet under s3://${record.bucket}/${run.allPrefix}report/`);
  out(
    `bed cost basis: $${record.estimatePerHourUsd.toFixed(3)}/h (lib/cost/prices.json, an unverified snapshot); each report's Cost section has the run's cost and ops/s per $/h`,
  );
  return 0;
}

/**
 * `testbed cloud run <bed>`: a new run on the live bed. Stages the run's resolved bed (same
 * services, same addresses), then asks every load-test node through SSM Run Command to start the
 * `tests` role for it; `status`, `report` and `logs` follow the new run from then on.
 */
export async function cloudRun(bedId: string): Promise<number> {
  const record = readRecord(bedId);
  const loaded = loadBedSpec(record.specFile);
  const servicesRunId = record.servicesRunId ?? record.runId;
  const layout = new BedLayout(defaultBedPrefix(bedId));
  const instances = loadTestInstances(record.outputs.Nodes);
  const s3 = new S3Client({ region: record.region });
  let runId: string;
  let specKey: string;
  try {
    const servicesKey = layout.run(servicesRunId).spec;
    const got = await s3.send(new GetObjectCommand({ Bucket: record.bucket, Key: servicesKey }));
    const services = resolvedBedSchema
      .extend({ addresses: z.custom<BedAddresses>((v) => typeof v === 'object' && v !== null) })
      .safeParse(JSON.parse((await got.Body?.transformToString()) ?? 'null'));
    if (!services.success)
      throw new CloudBedError(
        'rerun',
        `s3://${record.bucket}/${servicesKey} is not a resolved bed: ${services.error.message}`,
      );
    runId = newBedRunId();
    specKey = await stageRun(s3, record.bucket, loaded, {
      runId,
      servicesRunId,
      addresses: services.data.addresses,
    });
  } finally {
    s3.destroy();
  }
  const commandId = await requestRun(record.region, instances, runId, specKey);
  writeFileSync(recordFile(bedId), JSON.stringify({ ...record, runId, servicesRunId }, null, 2));
  out(
    ok(
      `run ${runId} requested on ${instances.length} load-test node(s) (SSM command ${commandId}); follow it with \`testbed cloud status ${bedId}\``,
    ),
  );
  return 0;
}
