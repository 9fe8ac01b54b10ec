/**
 * A bed node: `tsx bootstrap/main.ts --env-file <file>` runs this node's role (bootstrap/README.md).
 * The entry point: reads the env file and the variables, installs the signal handlers, reports
 * `failed` (status, log tail, shipped logs, the run's FAILED) and sets the exit code.
 */
import { resolvedBedSchema, type ResolvedBed } from '../bed/resolve';
import { BedLayout, nodeId } from '../bed/s3-layout';
import type { RunOutcome } from '../bed/status';
import { errorMessage, reportError, UsageError } from '../common/errors';
import { waitFor } from '../common/wait';
import { ServiceProcess } from '../services/process';
import { cassandraLogs, cassandraRole } from './roles/cassandra';
import { gangliaLogs, gangliaRole } from './roles/ganglia';
import { igniteLogs, igniteRole } from './roles/ignite';
import { testsRole } from './roles/tests';
import { BedBucket } from './shared/bucket';
import { boundedBy, type RoleContext } from './shared/context';
import { BootstrapError } from './shared/errors';
import { readIdentity, type NodeIdentity } from './shared/identity';
import { logTail, shipLogs } from './shared/logs';
import { startNodeMonitoring, type NodeMonitoring } from './shared/node-monitoring';
import { StatusReporter } from './shared/status';

function envFileArg(argv: readonly string[]): string {
  const i = argv.indexOf('--env-file');
  const file = i >= 0 ? argv[i + 1] : undefined;
  if (!file) throw new UsageError('usage: bootstrap/main.ts --env-file <file>');
  return file;
}

function roleLogs(identity: NodeIdentity): string[] {
  if (identity.role === 'cassandra') return cassandraLogs(identity.workDir);
  if (identity.role === 'ignite') return igniteLogs(identity.workDir);
  if (identity.role === 'ganglia') return gangliaLogs(identity.workDir);
  return [];
}

async function main(): Promise<number> {
  const identity = readIdentity(envFileArg(process.argv.slice(2)));
  const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  const bucket = new BedBucket(identity.s3, {
    onRetry: (n, e) => log(`S3 retry ${n}: ${errorMessage(e)}`),
  });
  const bedLayout = new BedLayout(identity.s3.prefix);
  const run = bedLayout.run(identity.runId);
  const node = nodeId(identity.role, identity.index);
  const status = new StatusReporter(bucket, run, node, identity, log);
  const controller = new AbortController();
  let monitoring: NodeMonitoring | undefined;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      log(`[${node}] ${signal}: stopping`);
      controller.abort();
    });
  }
  try {
    await status.enter('starting', `role ${identity.role} on ${identity.address}`);
    const bed = (await waitFor(() => bucket.getJson(identity.specKey), {
      description: `the bed spec ${identity.specKey}`,
      timeoutMs: 60_000,
      signal: controller.signal,
    })) as ResolvedBed;
    resolvedBedSchema.parse(bed);
    const base: RoleContext = {
      identity,
      node,
      bucket,
      bed,
      bedLayout,
      run,
      servicesRun: bedLayout.run(bed.servicesRunId),
      status,
      variables: { ...process.env },
      runner: { start: (spec) => ServiceProcess.start(spec) },
      log,
      signal: controller.signal,
      bounded: boundedBy(identity.deadline),
      monitoring: undefined,
    };
    // Every node but the Ganglia node itself (its role starts its gmond after the collectors).
    monitoring =
      identity.role === 'ganglia' ? undefined : await startNodeMonitoring(base, identity.role);
    const ctx: RoleContext = { ...base, monitoring };
    if (identity.role === 'cassandra') await cassandraRole(ctx);
    else if (identity.role === 'ignite') await igniteRole(ctx);
    else if (identity.role === 'tests') await testsRole(ctx);
    else await gangliaRole(ctx);
    await status.enter('done', controller.signal.aborted ? 'stopped' : 'finished');
    await shipLogs(bucket, run, node, roleLogs(identity)).catch(() => undefined);
    return 0;
  } catch (error) {
    const stopped = controller.signal.aborted;
    const tail = [
      ...(error instanceof BootstrapError ? error.logTail : []),
      ...(error instanceof BootstrapError && error.logTail.length
        ? []
        : logTail(roleLogs(identity), 20)),
    ];
    const reason = `${node} (${identity.address}): ${errorMessage(error)}`;
    log(`[${node}] failed: ${errorMessage(error)}`);
    try {
      await status.enter(
        stopped ? 'done' : 'failed',
        stopped ? 'stopped' : errorMessage(error).slice(0, 4000),
        tail,
      );
      if (
        !stopped &&
        (await bucket.getText(run.failed)) === undefined &&
        (await bucket.getText(run.done)) === undefined
      ) {
        const outcome: RunOutcome = {
          version: 1,
          outcome: 'FAILED',
          runId: identity.runId,
          at: new Date().toISOString(),
          reason: reason.slice(0, 4000),
          node,
          logTail: tail,
          missingNodes: [],
          reports: {},
        };
        await bucket.putJson(run.failed, outcome);
      }
      await shipLogs(bucket, run, node, roleLogs(identity));
    } catch (reportFailure) {
      log(`[${node}] could not report the failure to S3: ${errorMessage(reportFailure)}`);
    }
    return stopped ? 0 : error instanceof UsageError ? 2 : 1;
  } finally {
    await monitoring?.stop();
    bucket.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => process.exit(reportError(error)),
);
