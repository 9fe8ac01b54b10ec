import path from 'node:path';

import {
  jvmOutputFile,
  type JvmRuntime,
  type RunningProcess,
  type ServiceEnvironment,
  type Variables,
} from '../services';
import { ensurePortsFree } from './ports';
import { ServiceProcess } from '../services/process';

export { NodeStartError } from '../services';

/** What every local JVM node has; services extend it with their own settings. */
export interface JvmNodeSpec {
  /** 1-based position in its cluster. */
  readonly index: number;
  /** Loopback address all its sockets bind to. */
  readonly address: string;
  /** The node's directory: configuration, data and logs. */
  readonly dir: string;
  /** Maximum heap. */
  readonly heapMiB: number;
}

/** Options of {@link JvmNode.start}. */
export interface NodeStartOptions {
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/**
 * The local life cycle of a Cassandra or Ignite node: check its loopback ports, run the service
 * step (`services/`) with a runner that starts an owned process on this machine, and stop, kill,
 * hand over or re-attach by pid.
 */
export abstract class JvmNode<S extends JvmNodeSpec> {
  private proc: ServiceProcess | undefined;

  constructor(
    readonly spec: S,
    protected readonly runtime: JvmRuntime,
    protected readonly variables: Variables,
    protected readonly log: (line: string) => void,
  ) {}

  /** Human name, e.g. "cassandra node 2 (127.0.0.2)". */
  abstract get name(): string;
  /** Ports that must be free on {@link JvmNodeSpec.address} before start. */
  protected abstract get ports(): readonly number[];
  /** The service step that configures and starts the node (from `services/`). */
  protected abstract startStep(
    env: ServiceEnvironment,
    options: NodeStartOptions,
  ): Promise<RunningProcess>;
  /** The node's own log file(s), shown when it fails to start. */
  abstract get logFiles(): readonly string[];

  /** Captured stdout and stderr of the JVM. */
  get outputFile(): string {
    return jvmOutputFile(this.spec.dir);
  }

  /** Identifies this node's JVM in `ps` and guards against pid reuse. */
  get marker(): string {
    return `-Dtestbed.node=${this.spec.dir}`;
  }

  get pid(): number | undefined {
    return this.proc?.isAlive() ? this.proc.pid : undefined;
  }

  isRunning(): boolean {
    return this.proc?.isAlive() ?? false;
  }

  /** Re-attaches to a node started by another process; false if it is no longer running. */
  attach(pid: number): boolean {
    this.proc = ServiceProcess.attach(this.name, pid, this.marker);
    return this.proc !== undefined;
  }

  /**
   * Starts the JVM and waits until it is ready. On failure the JVM is killed and a
   * `NodeStartError` carries the tail of its logs.
   */
  async start(options: NodeStartOptions = {}): Promise<void> {
    if (this.isRunning()) return;
    await ensurePortsFree(this.spec.address, this.ports, this.name);
    const env: ServiceEnvironment = {
      variables: this.variables,
      log: this.log,
      runner: {
        start: (spec) => {
          this.proc = ServiceProcess.start(spec);
          return this.proc;
        },
      },
    };
    await this.startStep(env, options);
  }

  /** Lets the JVM outlive this process (see {@link ServiceProcess.release}). */
  release(): void {
    this.proc?.release();
  }

  /** Graceful stop: SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 30_000): Promise<void> {
    await this.proc?.stop(graceMs);
  }

  /** kill -9, for fault tests. */
  async kill(): Promise<void> {
    await this.proc?.kill();
  }

  /** Where the node's files live, relative to its directory. */
  protected file(...parts: string[]): string {
    return path.join(this.spec.dir, ...parts);
  }
}
