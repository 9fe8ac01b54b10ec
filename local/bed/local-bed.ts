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
import { runOutcomeSchema, type NodeStatusObject, type RunOutcome } from '../../bed/status';
import { BedBucket } from '../../bootstrap/shared/bucket';
import { stageArtifacts } from '../../bootstrap/shared/artifacts';
import { renderEnvFile } from '../../bootstrap/shared/identity';
import { readStatuses } from '../../bootstrap/shared/status';
import { TestbedError } from '../../common/errors';
import { waitFor } from '../../common/wait';
import { buildBridge, CASSANDRA, findJdk, IGNITE, jvmRuntime, projectRoot } from '../../services';
import { nodeScriptCommand } from '../../services/node-script';
import type { LoopbackBlock } from '../ports';
import { ServiceProcess } from '../../services/process';
import { LOCAL_S3_CREDENTIALS } from '../s3/client';
import { LocalS3 } from '../s3/local-s3';
import { BUCKET, checkLocalSpec, localAddresses, nodeDir, S3_HOST_INDEX, S3_PORT } from './layout';

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
export class LocalBed {
  private readonly processes: NodeProcess[] = [];

  private constructor(
    readonly props: LocalBedProps,
    readonly s3: LocalS3,
    readonly bucket: BedBucket,
    readonly layout: BedLayout,
    /** The first run: its Cassandra and Ignite nodes serve every later run. */
    readonly servicesRunId: string,
  ) {}

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
    let t = Date.now();
    const env = { variables: props.variables, log };
    const jdk = findJdk({ env: props.variables });
    const withIgnite = loaded.spec.nodes.ignite > 0;
    const [cassandra, ignite, bridge] = await Promise.all([
      jvmRuntime(CASSANDRA, env),
      withIgnite ? jvmRuntime(IGNITE, env) : undefined,
      withIgnite ? buildBridge({ jdk, log, env: props.variables }) : undefined,
    ]);
    timings.install = Date.now() - t;
    rmSync(path.join(dir, 's3'), { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    t = Date.now();
    const s3 = await LocalS3.start({
      dir: path.join(dir, 's3'),
      address: props.block.address(S3_HOST_INDEX),
      port: S3_PORT,
    });
    const bucket = new BedBucket({
      bucket: BUCKET,
      region: 'us-east-1',
      endpoint: s3.endpoint,
      credentials: LOCAL_S3_CREDENTIALS,
    });
    try {
      await bucket.client.send(new CreateBucketCommand({ Bucket: BUCKET }));
      const layout = new BedLayout(defaultBedPrefix(loaded.spec.name));
      log(`Staging artifacts to s3://${BUCKET}/${layout.artifactsPrefix} …`);
      await stageArtifacts(bucket, layout, {
        cassandraLib: cassandra.classpath.libDir,
        ...(ignite ? { igniteLib: ignite.classpath.libDir } : {}),
        ...(bridge ? { bridgeJar: bridge.jar } : {}),
      });
      timings.stage = Date.now() - t;
      const runId = newBedRunId();
      const bed = new LocalBed(props, s3, bucket, layout, runId);
      await bucket.putJson(layout.bedRecord, {
        version: 1,
        bedId: loaded.spec.name,
        servicesRunId: runId,
        spec: loaded.spec,
      });
      await bed.startRun(runId, ['cassandra', 'ignite', 'tests']);
      return { bed, runId };
    } catch (error) {
      bucket.close();
      await s3.stop();
      throw error;
    }
  }

  /** A new run on the running services: new run id, new test nodes. */
  async rerun(): Promise<string> {
    const runId = newBedRunId();
    await this.startRun(runId, ['tests']);
    return runId;
  }

  private async startRun(
    runId: string,
    roles: readonly ('cassandra' | 'ignite' | 'tests')[],
  ): Promise<void> {
    const { loaded, dir, block } = this.props;
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

  /** The node processes of a run (test nodes) or of the services. */
  nodeProcess(node: NodeId, runId?: string): ServiceProcess | undefined {
    return this.processes.find((p) => p.node === node && (runId === undefined || p.runId === runId))
      ?.proc;
  }

  /** Status objects of a run: its own nodes plus the service nodes of the first run. */
  async statuses(runId: string): Promise<NodeStatusObject[]> {
    const own = await readStatuses(this.bucket, this.layout.run(runId));
    if (runId === this.servicesRunId) return own;
    const services = await readStatuses(this.bucket, this.layout.run(this.servicesRunId));
    return [...services.filter((s) => s.role !== 'tests'), ...own];
  }

  /** The run's final object once there is one. */
  async outcome(runId: string): Promise<RunOutcome | undefined> {
    const run = this.layout.run(runId);
    for (const key of [run.done, run.failed]) {
      const value = await this.bucket.getJson(key);
      if (value !== undefined) return runOutcomeSchema.parse(value);
    }
    return undefined;
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

  /** Downloads a run's reports (and index) into `dir`; returns the local paths by load test. */
  async fetchReports(
    runId: string,
    outcome: RunOutcome,
    dir: string,
  ): Promise<Record<string, { md: string; html: string; json: string }>> {
    const out: Record<string, { md: string; html: string; json: string }> = {};
    for (const [name, keys] of Object.entries(outcome.reports)) {
      const base = path.join(dir, runId, name);
      mkdirSync(base, { recursive: true });
      const files = {
        md: path.join(base, 'summary.md'),
        html: path.join(base, 'report.html'),
        json: path.join(base, 'summary.json'),
      };
      await this.bucket.getFile(keys.md, files.md);
      await this.bucket.getFile(keys.html, files.html);
      await this.bucket.getFile(keys.json, files.json);
      out[name] = files;
    }
    await this.bucket.getFile(
      this.layout.run(runId).reportIndex,
      path.join(dir, runId, 'index.json'),
    );
    return out;
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

  /** Stops every node (tests first, then Ignite, then Cassandra), then the S3 server. */
  async down(graceMs = 20_000): Promise<void> {
    const order = ['tests-', 'ignite-', 'cassandra-'];
    try {
      for (const prefix of order) {
        await Promise.all(
          this.processes.filter((p) => p.node.startsWith(prefix)).map((p) => p.proc.stop(graceMs)),
        );
      }
    } finally {
      this.bucket.close();
      await this.s3.stop();
    }
  }

  /** The bed's S3 objects on disk (s3rver keeps them as files), for people and tests. */
  get s3DataDir(): string {
    return path.join(this.s3.dir, 'data');
  }
}

/** Reads a JSON file the bed wrote, if any. */
export function readJsonIfAny(file: string): unknown {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as unknown) : undefined;
}
