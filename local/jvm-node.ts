import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { errorMessage, TestbedError } from '../common/errors';
import type { Jdk } from './java';
import { describeLogs } from './log-tail';
import type { Classpath } from './maven';
import { ensurePortsFree } from './ports';
import { ServiceProcess } from './process';

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

/** Raised when a node does not become ready; the message carries the tail of its logs. */
export class NodeStartError extends TestbedError {}

/**
 * The life cycle shared by local Cassandra and Ignite nodes: write configuration, start the JVM
 * from a Maven classpath, wait (bounded) until a readiness probe passes, fail fast with the log
 * tail if the JVM exits, and stop, kill, hand over or re-attach by pid.
 */
export abstract class JvmNode<S extends JvmNodeSpec> {
  private proc: ServiceProcess | undefined;

  constructor(
    readonly spec: S,
    protected readonly jdk: Jdk,
    protected readonly classpath: Classpath,
  ) {}

  /** Human name, e.g. "cassandra node 2 (127.0.0.2)". */
  abstract get name(): string;
  /** Ports that must be free on {@link JvmNodeSpec.address} before start. */
  protected abstract get ports(): readonly number[];
  /** Writes configuration files into the node directory. */
  protected abstract prepare(): void;
  /** JVM options, main class and arguments (the marker and heap come first automatically). */
  protected abstract javaArgs(): string[];
  /** One readiness check; true when the node serves clients. */
  protected abstract probe(): Promise<boolean>;
  /** The node's own log file(s), shown when it fails to start. */
  abstract get logFiles(): readonly string[];

  /** Captured stdout and stderr of the JVM. */
  get outputFile(): string {
    return path.join(this.spec.dir, 'logs', 'stdout.log');
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

  /** The full java command line. */
  commandLine(): string[] {
    return [
      this.marker,
      `-Xms${Math.min(this.spec.heapMiB, 256)}m`,
      `-Xmx${this.spec.heapMiB}m`,
      ...this.javaArgs(),
    ];
  }

  /**
   * Starts the JVM and waits until {@link JvmNode.probe} passes. On failure the JVM is killed and
   * a {@link NodeStartError} carries the tail of its logs.
   */
  async start(options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<void> {
    if (this.isRunning()) return;
    mkdirSync(path.join(this.spec.dir, 'logs'), { recursive: true });
    this.prepare();
    await ensurePortsFree(this.spec.address, this.ports, this.name);
    const proc = ServiceProcess.start({
      name: this.name,
      command: this.jdk.java,
      args: this.commandLine(),
      cwd: this.spec.dir,
      env: { ...process.env, JAVA_HOME: this.jdk.home },
      outputFile: this.outputFile,
      marker: this.marker,
    });
    this.proc = proc;
    try {
      await proc.waitUntilReady(() => this.probe(), {
        description: `${this.name} to become ready`,
        timeoutMs: options.timeoutMs ?? 180_000,
        intervalMs: 250,
        maxIntervalMs: 1000,
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      await proc.kill();
      throw new NodeStartError(
        `${errorMessage(error)}\n${describeLogs([this.outputFile, ...this.logFiles])}`,
        {
          hint: 'Read the log lines above; `testbed doctor` checks the JDK and the ports.',
          cause: error,
        },
      );
    }
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
}
