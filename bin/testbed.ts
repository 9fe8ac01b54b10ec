/**
 * The `testbed` command line: declares every command and its options; each command's work lives in
 * its own module under `bin/commands/`. User mistakes print a message and exit non-zero (2 for
 * usage errors); bugs print their stack. One handler sets the exit code.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';

import { TARGET_KINDS } from '../tests-runner/targets/kinds';
import type { CampaignJudgeOptions, CampaignRunOptions } from './commands/campaign';
import type { DdlOptions } from './commands/ddl';
import type { LoadTestRunOptions } from './commands/load-test';
import { EXIT } from './exit-codes';
import { installSignalHandling } from './signals';

/*
 * Each command's module (and with it the store, the driver, the AWS SDK …) is loaded only when that
 * command runs: `testbed --help` and usage errors load none of them.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- synchronous lazy loading of command modules */
const commands = {
  bed: () => require('./commands/bed') as typeof import('./commands/bed'),
  cloud: () => require('./commands/cloud') as typeof import('./commands/cloud'),
  campaign: () => require('./commands/campaign') as typeof import('./commands/campaign'),
  ddl: () => require('./commands/ddl') as typeof import('./commands/ddl'),
  demo: () => require('./commands/demo') as typeof import('./commands/demo'),
  doctor: () => require('./commands/doctor') as typeof import('./commands/doctor'),
  loadTest: () => require('./commands/load-test') as typeof import('./commands/load-test'),
  localCassandra: () =>
    require('./commands/local-cassandra') as typeof import('./commands/local-cassandra'),
  localIgnite: () => require('./commands/local-ignite') as typeof import('./commands/local-ignite'),
  localInstall: () =>
    require('./commands/local-install') as typeof import('./commands/local-install'),
  localS3: () => require('./commands/local-s3') as typeof import('./commands/local-s3'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** An option parser for whole numbers within bounds. */
function integer(name: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}.`);
    }
    return n;
  };
}

/** `--nodes` and `--heap-mib` of the JVM services. */
function nodeOptions(cmd: Command, minHeapMiB: number): Command {
  return cmd
    .addOption(
      new Option('--nodes <n>', 'number of nodes').default(1).argParser(integer('--nodes', 1, 9)),
    )
    .addOption(
      new Option('--heap-mib <n>', 'maximum heap per node').argParser(
        integer('--heap-mib', minHeapMiB, 16384),
      ),
    );
}

/** An option parser for decimal numbers within bounds. */
function decimal(name: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const n = /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : NaN;
    if (!Number.isFinite(n) || n < min || n > max) {
      throw new InvalidArgumentError(`${name} must be a number from ${min} to ${max}.`);
    }
    return n;
  };
}

const SERVICE_ACTIONS = ['start', 'stop', 'status'] as const;
type ServiceAction = (typeof SERVICE_ACTIONS)[number];

let exitCode = 0;
/** Wraps a command so its result becomes the exit code. */
function run<A extends unknown[]>(
  fn: (...args: A) => Promise<number> | number,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    exitCode = await fn(...args);
  };
}

function serviceCommand(
  name: string,
  description: string,
  handlers: Record<ServiceAction, (opts: Record<string, unknown>) => Promise<number> | number>,
  configure: (cmd: Command) => Command = (cmd) => cmd,
): Command {
  const cmd = new Command(name)
    .description(description)
    .addArgument(
      new Command().createArgument('<action>', 'start | stop | status').choices(SERVICE_ACTIONS),
    )
    .option('--json', 'status as JSON on stdout');
  return configure(cmd).action(
    run((action: ServiceAction, opts: Record<string, unknown>) => handlers[action](opts)),
  );
}

export function buildProgram(): Command {
  const program = new Command('testbed').description(
    'Measure Apache Ignite caches persisted to Apache Cassandra: local services, store, load tests.',
  );

  program
    .command('demo')
    .description(
      'the main job: the local test bed on the small example spec (2 Cassandra, 1 Ignite with the TS store, 2 test nodes, local S3); runs the original four workloads through Ignite and through the store, prints the summaries and report paths, tears down',
    )
    .option('--spec <file>', 'another bed spec (YAML)')
    .action(run((opts: { spec?: string }) => commands.demo().demo(opts)));

  // The local test bed that outlives the command (`demo` is up + run + down in one).
  const bed = program
    .command('bed')
    .description(
      'a local test bed that stays up: bring it up, run on it, watch it, report, take it down',
    );
  bed
    .command('up')
    .description(
      'bring a bed up from <spec> (local processes on loopback, local S3); returns once its first run is under way',
    )
    .argument('<spec>', 'bed spec (YAML)')
    .action(run((spec: string) => commands.bed().bedUp(spec)));
  bed
    .command('run')
    .description(
      'another run on the live bed (new run id, earlier runs untouched); follows it and prints the merged summary',
    )
    .argument('[bed]', 'bed name (default: the only bed that is up)')
    .action(run((name: string | undefined) => commands.bed().bedRun(name)));
  bed
    .command('status')
    .description('per-node table of a run (role, address, phase, since, last message) from S3')
    .argument('[bed]', 'bed name (default: the only bed that is up)')
    .option('--run <id>', 'a run of the bed (default: the latest)')
    .option('--json', 'as JSON on stdout')
    .action(
      run((name: string | undefined, opts: { run?: string; json?: boolean }) =>
        commands.bed().bedStatus(name, opts),
      ),
    );
  bed
    .command('report')
    .description("fetch a run's reports from S3 into the bed's directory and print their paths")
    .argument('[bed]', 'bed name (default: the only bed that is up)')
    .option('--run <id>', 'a run of the bed (default: the latest)')
    .option('--open', 'open the HTML report (xdg-open)')
    .action(
      run((name: string | undefined, opts: { run?: string; open?: boolean }) =>
        commands.bed().bedReport(name, opts),
      ),
    );
  bed
    .command('down')
    .description('stop every process of the bed (nodes, JVMs, S3 server) and say so')
    .argument('[bed]', 'bed name (default: the only bed that is up)')
    .action(run((name: string | undefined) => commands.bed().bedDown(name)));

  program
    .command('doctor')
    .description(
      'check prerequisites (Node, JDK 17, Maven, ports) and say how to install what is missing',
    )
    .option('--json', 'checks as JSON on stdout')
    .action(run((opts: { json?: boolean }) => commands.doctor().doctor(opts)));

  program
    .command('ddl')
    .description(
      'print (and optionally apply or check) the CQL of persistence descriptors and settings modules',
    )
    .argument(
      '<file...>',
      'XML descriptors (original format) or TypeScript/JavaScript settings modules',
    )
    .addOption(
      new Option('--format <format>', 'output format').choices(['cql', 'json']).default('cql'),
    )
    .option(
      '--out <dir>',
      'also write one <keyspace>.<table>.cql file per table into this directory',
    )
    .option('--table <name>', 'table name for descriptors that name none', 'my_table')
    .option(
      '--classes <module>',
      "module exporting TypeScript classes for XML POJO class names, e.g. { 'com.acme.Person': Person }",
    )
    .option('--apply', 'run the DDL (idempotent) and wait for schema agreement')
    .option(
      '--check',
      'compare the live keyspace/table/indexes with each descriptor; exit 1 on any difference',
    )
    .option(
      '--contact-points <list>',
      'host[:port],… of the cluster (--apply/--check)',
      '127.0.0.1:9042',
    )
    .option('--local-dc <name>', 'local data center', 'datacenter1')
    .option(
      '--username <name>',
      'PasswordAuthenticator user (the password comes from --password-env)',
    )
    .option(
      '--password-env <var>',
      'environment variable holding the password',
      'CASSANDRA_PASSWORD',
    )
    .option('--tls', 'connect with TLS')
    .option('--tls-ca <file>', 'CA certificate (PEM) to trust')
    .option('--tls-cert <file>', 'client certificate (PEM) for mutual TLS')
    .option('--tls-key <file>', 'client key (PEM) for mutual TLS')
    .addOption(
      new Option('--timeout-seconds <n>', 'bound on schema agreement after each statement')
        .default(30)
        .argParser(integer('--timeout-seconds', 1, 600)),
    )
    .addHelpText(
      'after',
      `
Examples:
  $ testbed ddl person.xml                          print keyspace, table and index DDL
  $ testbed ddl settings/*.xml --out cql/           also write cql/<keyspace>.<table>.cql
  $ testbed ddl shop-settings.ts --format json      TypeScript settings modules (every settings export)
  $ testbed ddl person.xml --classes ./pojos.ts     XML naming POJO classes backed by TypeScript classes
  $ CASSANDRA_PASSWORD=… testbed ddl person.xml --apply --contact-points 10.0.0.5 --username app --tls-ca ca.pem
  $ testbed ddl person.xml --check                  before pointing the store at an existing table

A bad file is reported (file:line and why) and the others are still processed; the exit code is 1 if
any file failed or any --check found a difference, 2 for usage errors.`,
    )
    .action(run((files: string[], opts: DdlOptions) => commands.ddl().ddl(files, opts)));

  const loadTest = program
    .command('load-test')
    .description('load tests: workloads against a target, HDR latency, merged multi-node reports');
  loadTest
    .command('run')
    .description(
      'run the workloads of a configuration (YAML, JSON or the original tests.properties); writes node-<i>.json and the reports',
    )
    .requiredOption('-c, --config <file>', 'configuration file (.yaml, .yml, .json, .properties)')
    .option('--target <kind>', `override target (${TARGET_KINDS.join(', ')})`)
    .option('--workloads <list>', 'override workloads: comma list or all')
    .addOption(
      new Option('--warmup <s>', 'override warmupSeconds').argParser(
        decimal('--warmup', 0, 86_400),
      ),
    )
    .addOption(
      new Option('--duration <s>', 'override durationSeconds').argParser(
        decimal('--duration', 0.001, 86_400),
      ),
    )
    .addOption(
      new Option('--concurrency <n>', 'override concurrency').argParser(
        integer('--concurrency', 1, 10_000),
      ),
    )
    .addOption(
      new Option('--bulk-size <n>', 'override bulkSize').argParser(
        integer('--bulk-size', 1, 10_000),
      ),
    )
    .addOption(
      new Option('--rate <ops>', 'open loop at this many calls/s (rateOpsPerSec)').argParser(
        decimal('--rate', 0.001, 10_000_000),
      ),
    )
    .addOption(
      new Option('--node-index <i>', 'override node.index').argParser(
        integer('--node-index', 0, 9000),
      ),
    )
    .option('--run-id <id>', 'override runId (the same on every node of a run)')
    .option(
      '--set <key=value>',
      'override any setting, e.g. keys.choice=zipfian (repeatable)',
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option('--out <dir>', 'where results and reports go (default .run/load-tests/<runId>)')
    .option('--json', 'the results JSON on stdout (the summary goes to stderr)')
    .action(run((opts: LoadTestRunOptions) => commands.loadTest().loadTestRun(opts)));
  loadTest
    .command('report')
    .description(
      'merge node results (node-<i>.json) exactly and write merged.json, summary.json, summary.md, report.html',
    )
    .argument('<results...>', 'results files of the nodes of one run')
    .option('--out <dir>', 'output directory (default: beside the first file)')
    .option('--json', 'the merged results JSON on stdout')
    .action(
      run((files: string[], opts: { out?: string; json?: boolean }) =>
        commands.loadTest().loadTestReport(files, opts),
      ),
    );

  const local = program
    .command('local')
    .description('real local services on loopback: Cassandra 5, Ignite 2, S3');
  local
    .command('install')
    .description(
      'resolve the Cassandra, Ignite and original-store jars from Maven Central and build the Ignite store bridge, into the cache (later starts run offline)',
    )
    .action(run(() => commands.localInstall().installLocal()));
  local.addCommand(
    serviceCommand(
      'cassandra',
      `Apache Cassandra on 127.0.0.1…N, CQL port 9042`,
      {
        start: (o) => commands.localCassandra().startLocalCassandra(o as never),
        stop: () => commands.localCassandra().stopLocalCassandra(),
        status: (o) => commands.localCassandra().statusLocalCassandra(o),
      },
      (cmd) => nodeOptions(cmd, 256).option('--fresh', 'discard data of an earlier run'),
    ),
  );
  local.addCommand(
    serviceCommand(
      'ignite',
      'Apache Ignite 2.x server nodes on 127.0.0.1…N, thin-client port 10800',
      {
        start: (o) => commands.localIgnite().startLocalIgnite(o as never),
        stop: () => commands.localIgnite().stopLocalIgnite(),
        status: (o) => commands.localIgnite().statusLocalIgnite(o),
      },
      (cmd) => nodeOptions(cmd, 128),
    ),
  );
  local.addCommand(
    serviceCommand(
      's3',
      'an S3-compatible server on 127.0.0.1 (path-style)',
      {
        start: (o) => commands.localS3().startLocalS3(o),
        stop: () => commands.localS3().stopLocalS3(),
        status: (o) => commands.localS3().statusLocalS3(o),
      },
      (cmd) =>
        cmd.addOption(
          new Option('--port <n>', 'port').default(9000).argParser(integer('--port', 1, 65535)),
        ),
    ),
  );
  const campaign = program
    .command('campaign')
    .description('nightly benchmark campaigns: matrix × repetitions, history, regression gate');
  campaign
    .command('validate <spec>')
    .description('check a campaign spec and every cell it makes')
    .action(run((spec: string) => commands.campaign().campaignValidate(spec)));
  campaign
    .command('run <spec>')
    .description(
      'one campaign night: every cell × repetition on the local bed, appended to the history, judged; exit 3 on a confirmed regression',
    )
    .option('--local', 'run on the local test bed')
    .requiredOption('--history <dir>', 'history directory')
    .addOption(
      new Option('--repetitions <n>', "runs of every cell tonight (default: the spec's)").argParser(
        integer('--repetitions', 1, 50),
      ),
    )
    .option('--json', 'the verdict as JSON on stdout')
    .action(
      run((spec: string, opts: CampaignRunOptions) => commands.campaign().campaignRun(spec, opts)),
    );
  campaign
    .command('judge <spec>')
    .description(
      'judge a night of the history (gate + change points), write the trend report, exit 3 on a confirmed regression',
    )
    .requiredOption('--history <dir>', 'history directory')
    .option('--night <id>', 'night to judge (default: the latest)')
    .option('--json', 'the verdict as JSON on stdout')
    .action(
      run((spec: string, opts: CampaignJudgeOptions) =>
        commands.campaign().campaignJudge(spec, opts),
      ),
    );
  // The AWS bed; its module (aws-cdk-lib, the toolkit) loads only when a cloud verb runs.
  const cloud = program
    .command('cloud')
    .description('the AWS test bed (CDK): deploy, watch, report, destroy');
  cloud
    .command('bundle')
    .description(
      'build the bootstrap bundle the nodes download (project + Node 20 runtimes from npm)',
    )
    .action(run(() => commands.cloud().cloudBundle()));
  cloud
    .command('bootstrap')
    .description("what `cdk bootstrap` does, for the spec's region (once per account and region)")
    .argument('<spec>', 'bed spec (YAML)')
    .option('--verbose', 'every toolkit message')
    .action(
      run((spec: string, opts: { verbose?: boolean }) =>
        commands.cloud().cloudBootstrap(spec, opts),
      ),
    );
  cloud
    .command('up')
    .description('print the cost estimate, then deploy the results stack and the bed of <spec>')
    .argument('<spec>', 'bed spec (YAML)')
    .option('--ttl <duration>', 'lifetime, e.g. 4h or 90m (default: cloud.ttlHours of the spec)')
    .option('--verbose', 'every toolkit message')
    .action(
      run((spec: string, opts: { ttl?: string; verbose?: boolean }) =>
        commands.cloud().cloudUp(spec, opts),
      ),
    );
  cloud
    .command('status')
    .description("per-node table of the bed's current run (from S3)")
    .argument('<bed>', 'bed id')
    .option('--json', 'as JSON on stdout')
    .action(
      run((bed: string, opts: { json?: boolean }) => commands.cloud().cloudStatus(bed, opts)),
    );
  cloud
    .command('run')
    .description('a new run on the live bed: the load-test nodes run the load tests again')
    .argument('<bed>', 'bed id')
    .action(run((bed: string) => commands.cloud().cloudRun(bed)));
  cloud
    .command('report')
    .description("print the current run's report from S3")
    .argument('<bed>', 'bed id')
    .action(run((bed: string) => commands.cloud().cloudReport(bed)));
  cloud
    .command('dashboard')
    .description('print the SSM port-forward command for the Ganglia web UI')
    .argument('<bed>', 'bed id')
    .action(run((bed: string) => commands.cloud().cloudDashboard(bed)));
  cloud
    .command('logs')
    .description("a node's shipped logs (or how to reach it live)")
    .argument('<bed>', 'bed id')
    .argument('<node>', 'e.g. cassandra-0')
    .action(run((bed: string, node: string) => commands.cloud().cloudLogs(bed, node)));
  cloud
    .command('down')
    .description('destroy the bed stack and check that nothing tagged with the bed id is left')
    .argument('<bed>', 'bed id')
    .option('--verbose', 'every toolkit message')
    .action(
      run((bed: string, opts: { verbose?: boolean }) => commands.cloud().cloudDown(bed, opts)),
    );
  // Usage errors anywhere in the tree come back to main() (exit code 2) instead of exiting at once.
  const inherit = (cmd: Command): void => {
    cmd.exitOverride().showHelpAfterError('(run with --help for usage)');
    cmd.commands.forEach(inherit);
  };
  inherit(program);
  return program;
}

/** Parses the command line, runs the command, and sets the exit code. */
export async function main(argv: readonly string[] = process.argv): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed the message already; help and version are not errors.
      return error.exitCode === 0 ? 0 : EXIT.usage;
    }
    // The one mapping from errors to exit codes and CLI hints, loaded only when an error gets here.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy, like the commands
    const { reportCliError } = require('./error-exit') as typeof import('./error-exit');
    return reportCliError(error);
  }
}

/** The process entry point (called by `bin/testbed`). */
export function cli(): void {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 20) {
    process.stderr.write(`error: Node.js 20 or newer is required, this is ${process.version}.\n`);
    process.exit(1);
  }
  installSignalHandling();
  void main().then((code) => process.exit(code));
}
