/**
 * The `testbed` command line: declares every command and its options; each command's work lives in
 * its own module under `bin/commands/`. User mistakes print a message and exit non-zero (2 for
 * usage errors); bugs print their stack. One handler sets the exit code.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';

import { TestbedError } from '../common/errors';
import { demo } from './commands/demo';
import { doctor } from './commands/doctor';
import {
  startLocalCassandra,
  statusLocalCassandra,
  stopLocalCassandra,
} from './commands/local-cassandra';
import { startLocalIgnite, statusLocalIgnite, stopLocalIgnite } from './commands/local-ignite';
import { installLocal } from './commands/local-install';
import { startLocalS3, statusLocalS3, stopLocalS3 } from './commands/local-s3';

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
      'the main job on the local default: start Cassandra and Ignite, run a smoke workload, stop them',
    )
    .addOption(
      new Option('--rows <n>', 'rows per service')
        .default(2000)
        .argParser(integer('--rows', 1, 1_000_000)),
    )
    .action(run((opts: { rows: number }) => demo(opts)));

  program
    .command('doctor')
    .description(
      'check prerequisites (Node, JDK 17, Maven, ports) and say how to install what is missing',
    )
    .option('--json', 'checks as JSON on stdout')
    .action(run((opts: { json?: boolean }) => doctor(opts)));

  const local = program
    .command('local')
    .description('real local services on loopback: Cassandra 5, Ignite 2, S3');
  local
    .command('install')
    .description(
      'resolve the Cassandra, Ignite and original-store jars from Maven Central and build the Ignite store bridge, into the cache (later starts run offline)',
    )
    .action(run(() => installLocal()));
  local.addCommand(
    serviceCommand(
      'cassandra',
      `Apache Cassandra on 127.0.0.1…N, CQL port 9042`,
      {
        start: (o) => startLocalCassandra(o as never),
        stop: () => stopLocalCassandra(),
        status: (o) => statusLocalCassandra(o),
      },
      (cmd) =>
        cmd
          .addOption(
            new Option('--nodes <n>', 'number of nodes')
              .default(1)
              .argParser(integer('--nodes', 1, 9)),
          )
          .addOption(
            new Option('--heap-mib <n>', 'maximum heap per node').argParser(
              integer('--heap-mib', 256, 16384),
            ),
          )
          .option('--fresh', 'discard data of an earlier run'),
    ),
  );
  local.addCommand(
    serviceCommand(
      'ignite',
      'Apache Ignite 2.x server nodes on 127.0.0.1…N, thin-client port 10800',
      {
        start: (o) => startLocalIgnite(o as never),
        stop: () => stopLocalIgnite(),
        status: (o) => statusLocalIgnite(o),
      },
      (cmd) =>
        cmd
          .addOption(
            new Option('--nodes <n>', 'number of nodes')
              .default(1)
              .argParser(integer('--nodes', 1, 9)),
          )
          .addOption(
            new Option('--heap-mib <n>', 'maximum heap per node').argParser(
              integer('--heap-mib', 128, 16384),
            ),
          ),
    ),
  );
  local.addCommand(
    serviceCommand(
      's3',
      'an S3-compatible server on 127.0.0.1 (path-style)',
      { start: (o) => startLocalS3(o), stop: () => stopLocalS3(), status: (o) => statusLocalS3(o) },
      (cmd) =>
        cmd.addOption(
          new Option('--port <n>', 'port').default(9000).argParser(integer('--port', 1, 65535)),
        ),
    ),
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
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof TestbedError) {
      process.stderr.write(`error: ${error.message}\n`);
      if (error.hint) process.stderr.write(`hint: ${error.hint}\n`);
      return error.exitCode;
    }
    process.stderr.write(
      `internal error (a bug; please report it with this output):\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
}

/** The process entry point (called by `bin/testbed`). */
export function cli(): void {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 20) {
    process.stderr.write(`error: Node.js 20 or newer is required, this is ${process.version}.\n`);
    process.exit(1);
  }
  void main().then((code) => process.exit(code));
}
