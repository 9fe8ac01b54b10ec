/**
 * The local test bed: the bed's nodes as local processes running the same bootstrap script as EC2
 * (`bootstrap/main.ts --env-file`), on loopback addresses of one block, with the local S3 server
 * as the bed's bucket. The launcher stages the artifacts and the resolved spec, writes one env
 * file per node, starts the nodes, follows their status objects and stops every process it
 * started (also on failure and Ctrl-C: the processes belong to this one until released).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { CreateBucketCommand } from '@aws-sdk/client-s3';

import { resolveBed, type ResolvedBed } from '../../bed/resolve';
import { BedLayout, defaultBedPrefix, newBedRunId, nodeId, type NodeId } from '../../bed/s3-layout';
import type { LoadedBedSpec } from '../../bed/load-spec';
import { servicesKey } from '../../bed/services';
import type { NodeStatusObject, RunOutcome } from '../../bed/status';
import { BedBucket } from '../../bootstrap/shared/bucket';
import { stageArtifacts } from '../../bootstrap/shared/artifacts';
import { resolveArtifacts } from '../../bootstrap/shared/resolve-artifacts';
import { renderEnvFile } from '../../bootstrap/shared/identity';
import { TestbedError } from '../../common/errors';
import { waitFor } from '../../common/wait';
import { projectRoot } from '../../services';
import { nodeScriptCommand } from '../../services/node-script';
import type { LoopbackBlock } from '../ports';
import { ServiceProcess } from '../../services/process';
import { LOCAL_S3_CREDENTIALS } from '../s3/client';
import { LocalS3 } from '../s3/local-s3';
import { requireGangliaPackages } from '../../monitoring/prerequisites';
import { BedObjects, localBucket } from './bed-objects';
import type { BedProcessRecord } from './bed-state';
import {
  BUCKET,
  checkLocalSpec,
  GANGLIA_WEB_PORT,
  localAddresses,
  nodeDir,
  S3_HOST_INDEX,
  S3_PORT,
} from './layout';

type StartedRole = 'ganglia' | 'cassandra' | 'ignite' | 'tests';

/** Properties of {@link LocalBed.up}. */
export interface LocalBedProps {
  readonly loaded: LoadedBedSpec;
  /** The bed's directory: S3 data, node work directories, env files, `bed.json`. */
  readonly dir: string;
  readonly block: LoopbackBlock;
  readonly log: (line: string) => void;
  /** Variables the nodes get (PATH, JAVA_HOME, …). */
  readonly variables: NodeJS.ProcessEnv;
  /** Timings of the launcher's phases are recorded here (ms). */
  readonly timings?: Record<string, number>;
}

interface NodeProcess {
  readonly node: NodeId;
  readonly runId: string;
  readonly proc: ServiceProcess;
}

/** A local bed brought up by this process. */
export class LocalBed extends BedObjects {
  private readonly processes: NodeProcess[] = [];

  private constructor(
    readonly props: LocalBedProps,
    readonly s3: LocalS3,
    bucket: BedBucket,
    layout: BedLayout,
    servicesRunId: string,
  ) {
    super(bucket, layout, servicesRunId);
  }

  get bedId(): string {
    return this.props.loaded.spec.name;
  }

  /**
   * Starts the S3 server, stages the artifacts, then every node of the first run; returns the
   * bed and that run's id without waiting for the run.
   */
  static async up(props: LocalBedProps): Promise<{ bed: LocalBed; runId: string }> {
    const { loaded, dir, log } = props;
    const timings = props.timings ?? {};
    checkLocalSpec(loaded.spec, loaded.file);
    // Before anything starts: a spec that enables Ganglia needs Debian's packages (named here).
    if (loaded.spec.nodes.ganglia > 0) requireGangliaPackages('ganglia');
    let t = Date.now();
    const sources = await resolveArtifacts(loaded.spec, { variables: props.variables, log });
    timings.install = Date.now() - t;
    rmSync(path.join(dir, 's3'), { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    t = Date.now();
    const s3 = await LocalS3.start({
      dir: path.join(dir, 's3'),
      address: props.block.address(S3_HOST_INDEX),
      port: S3_PORT,
    });
    const bucket = localBucket(s3.endpoint);
    try {
      await bucket.client.send(new CreateBucketCommand({ Bucket: BUCKET }));
      const layout = new BedLayout(defaultBedPrefix(loaded.spec.name));
      log(`Staging artifacts to s3://${BUCKET}/${layout.artifactsPrefix} …`);
      await stageArtifacts(bucket, layout, sources);
      timings.stage = Date.now() - t;
      const runId = newBedRunId();
      const bed = new LocalBed(props, s3, bucket, layout, runId);
      await bucket.putJson(layout.bedRecord, {
        version: 1,
        bedId: loaded.spec.name,
        servicesRunId: runId,
        spec: loaded.spec,
      });
      await bed.startRun(runId, ['ganglia', 'cassandra', 'ignite', 'tests']);
      return { bed, runId };
    } catch (error) {
      bucket.close();
      await s3.stop();
      throw error;
    }
  }

  /**
   * A new run on the running services: new run id, new test nodes. `loaded` runs other load tests
   * (or other test-node settings) on the same services; its services must be the bed's.
   */
  async rerun(loaded: LoadedBedSpec = this.props.loaded): Promise<string> {
    if (servicesKey(loaded.spec) !== servicesKey(this.props.loaded.spec)) {
      throw new TestbedError(
        `${loaded.file} needs other services than bed ${this.bedId} runs (${this.props.loaded.file}); only tests, timeouts and description may differ for a rerun`,
      );
    }
    const runId = newBedRunId();
    await this.startRun(runId, ['tests'], loaded);
    return runId;
  }

  private async startRun(
    runId: string,
    roles: readonly StartedRole[],
    loaded: LoadedBedSpec = this.props.loaded,
  ): Promise<void> {
    const { dir, block } = this.props;
    const run = this.layout.run(runId);
    if ((await this.bucket.list(run.allPrefix, 1)).length > 0) {
      throw new TestbedError(
        `run ${runId} already has objects in the bucket; refusing to overwrite it`,
      );
    }
    const resolved: ResolvedBed = resolveBed(loaded, {
      bedId: loaded.spec.name,
      runId,
      servicesRunId: this.servicesRunId,
      addresses: localAddresses(loaded.spec, block),
    });
    await this.bucket.putJson(run.spec, resolved);
    for (const role of roles) {
      for (const [index, address] of resolved.addresses[role].entries()) {
        const node = nodeId(role, index);
        // Service nodes keep their directory across runs; test nodes get one per run.
        const work = nodeDir(dir, node, role === 'tests' ? runId : undefined);
        mkdirSync(work, { recursive: true });
        const envFile = path.join(work, 'node.env');
        writeFileSync(
          envFile,
          renderEnvFile({
            TESTBED_ROLE: role,
            TESTBED_NODE_INDEX: index,
            TESTBED_BED_ID: loaded.spec.name,
            TESTBED_RUN_ID: role === 'tests' ? runId : this.servicesRunId,
            TESTBED_NODE_ADDRESS: address,
            TESTBED_S3_BUCKET: BUCKET,
            TESTBED_S3_PREFIX: this.layout.prefix,
            TESTBED_S3_REGION: 'us-east-1',
            TESTBED_S3_ENDPOINT: this.s3.endpoint,
            TESTBED_SPEC_KEY:
              role === 'tests' ? run.spec : this.layout.run(this.servicesRunId).spec,
            TESTBED_WORK_DIR: work,
            TESTBED_ARTIFACTS_KEY: this.layout.artifactsPrefix,
            TESTBED_DAEMONS: 'foreground',
            TESTBED_GANGLIA_WEB_PORT: GANGLIA_WEB_PORT,
          }),
        );
        const marker = `--testbed-bed-node=${work}`;
        const cmd = nodeScriptCommand(path.join(projectRoot, 'bootstrap', 'main.ts'), [
          '--env-file',
          envFile,
          marker,
        ]);
        const heap = role === 'tests' ? loaded.spec.tests.heapMiB : 256;
        const proc = ServiceProcess.start({
          name: `${node} (${address})`,
          command: cmd.command,
          args: [`--max-old-space-size=${heap}`, ...cmd.args],
          cwd: projectRoot,
          env: {
            ...this.props.variables,
            AWS_ACCESS_KEY_ID: LOCAL_S3_CREDENTIALS.accessKeyId,
            AWS_SECRET_ACCESS_KEY: LOCAL_S3_CREDENTIALS.secretAccessKey,
          },
          outputFile: path.join(work, 'bootstrap.log'),
          marker,
        });
        this.processes.push({ node, runId: role === 'tests' ? runId : this.servicesRunId, proc });
      }
    }
  }

  /** ganglia-web of the bed (`http://127.0.x.61:8080/ganglia/`); undefined without a Ganglia node. */
  get gangliaUrl(): string | undefined {
    if (this.props.loaded.spec.nodes.ganglia === 0) return undefined;
    const address = localAddresses(this.props.loaded.spec, this.props.block).ganglia[0];
    return address && `http://${address}:${GANGLIA_WEB_PORT}/ganglia/`;
  }

  /** The node processes of a run (test nodes) or of the services. */
  nodeProcess(node: NodeId, runId?: string): ServiceProcess | undefined {
    return this.processes.find((p) => p.node === node && (runId === undefined || p.runId === runId))
      ?.proc;
  }

  /**
   * Waits (bounded) for the run's DONE or FAILED. If every test node exited without one (a killed
   * collector), the launcher writes FAILED itself, naming the nodes.
   */
  async waitForOutcome(
    runId: string,
    options: {
      timeoutMs: number;
      onTick?: (statuses: NodeStatusObject[]) => void;
      signal?: AbortSignal;
    },
  ): Promise<RunOutcome> {
    return waitFor(
      async () => {
        options.onTick?.(await this.statuses(runId).catch(() => []));
        const outcome = await this.outcome(runId);
        if (outcome) return outcome;
        const tests = this.processes.filter(
          (p) => p.runId === runId && p.node.startsWith('tests-'),
        );
        if (tests.length && tests.every((p) => !p.proc.isAlive())) {
          await new Promise((r) => setTimeout(r, 1000));
          const late = await this.outcome(runId);
          if (late) return late;
          const failed: RunOutcome = {
            version: 1,
            outcome: 'FAILED',
            runId,
            at: new Date().toISOString(),
            reason: `every test node (${tests.map((p) => p.node).join(', ')}) exited without DONE or FAILED; the collector was lost`,
            logTail: [],
            missingNodes: tests.map((p) => p.node),
            reports: {},
          };
          await this.bucket.putJson(this.layout.run(runId).failed, failed);
          return failed;
        }
        return undefined;
      },
      {
        description: `run ${runId} to end (DONE or FAILED)`,
        timeoutMs: options.timeoutMs,
        intervalMs: 1000,
        maxIntervalMs: 1000,
        ...(options.signal ? { signal: options.signal } : {}),
      },
    );
  }

  /** Restarts the S3 server on the same address, port and data (fault tests). */
  async restartS3(downMs: number): Promise<void> {
    await this.s3.stop();
    await new Promise((r) => setTimeout(r, downMs));
    const again = await LocalS3.start({
      dir: this.s3.dir,
      address: this.props.block.address(S3_HOST_INDEX),
      port: S3_PORT,
    });
    (this as { s3: LocalS3 }).s3 = again;
  }

  /** Stops every node (tests first, then Ignite, Cassandra, Ganglia), then the S3 server. */
  async down(graceMs = 20_000): Promise<void> {
    try {
      await stopNodes(this.processes, graceMs);
    } finally {
      this.bucket.close();
      await this.s3.stop();
    }
  }

  /**
   * Re-attaches to a bed an earlier command brought up and released (`testbed bed run`): its S3
   * server and the recorded node processes that are still alive and still ours.
   */
  static attach(
    props: LocalBedProps,
    s3: LocalS3,
    servicesRunId: string,
    records: readonly BedProcessRecord[],
  ): LocalBed {
    const bed = new LocalBed(
      props,
      s3,
      localBucket(s3.endpoint),
      new BedLayout(defaultBedPrefix(props.loaded.spec.name)),
      servicesRunId,
    );
    for (const r of records) {
      const proc = ServiceProcess.attach(r.name, r.pid, r.marker);
      if (proc) bed.processes.push({ node: r.node as NodeId, runId: r.runId, proc });
    }
    return bed;
  }

  /** The bed's node processes, for its state file. */
  records(): BedProcessRecord[] {
    return this.processes.map((p) => ({
      node: p.node,
      runId: p.runId,
      name: p.proc.name,
      pid: p.proc.pid,
      marker: p.proc.marker,
    }));
  }

  /**
   * Lets every process of the bed (nodes and S3 server) outlive this one: a later command stops
   * them by pid (`testbed bed down`).
   */
  release(): void {
    for (const p of this.processes) p.proc.release();
    this.s3.release();
    this.bucket.close();
  }

  /** The bed's S3 objects on disk (s3rver keeps them as files), for people and tests. */
  get s3DataDir(): string {
    return path.join(this.s3.dir, 'data');
  }
}

/**
 * Stops a bed's node processes in dependency order: tests first, then Ignite, Cassandra and
 * the Ganglia node last (each group in parallel, SIGTERM then SIGKILL after `graceMs`).
 */
export async function stopNodes(
  processes: readonly { readonly node: string; readonly proc: Pick<ServiceProcess, 'stop'> }[],
  graceMs: number,
): Promise<void> {
  for (const prefix of ['tests-', 'ignite-', 'cassandra-', 'ganglia-']) {
    await Promise.all(
      processes.filter((p) => p.node.startsWith(prefix)).map((p) => p.proc.stop(graceMs)),
    );
  }
}

/** Reads a JSON file the bed wrote, if any. */
export function readJsonIfAny(file: string): unknown {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as unknown) : undefined;
}
