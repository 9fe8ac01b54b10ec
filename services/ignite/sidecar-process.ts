import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { errorMessage } from '../../common/errors';
import { SidecarClient } from '../../ignite/sidecar/client';
import type { SidecarConfig } from '../../ignite/sidecar/config';
import { NodeStartError } from '../jvm-service';
import { describeLogs } from '../log-tail';
import { projectRoot } from '../paths';
import { nodeScriptCommand } from '../node-script';
import { ServiceProcess } from '../process';

/** The sidecar's entry point. */
export const SIDECAR_MAIN = path.join(projectRoot, 'ignite', 'sidecar', 'main.ts');

/** Where a sidecar runs and what it serves. */
export interface SidecarProcessSpec {
  /** Human name ("sidecar of ignite node 1"). */
  readonly name: string;
  /** Its directory: `sidecar.json` and `sidecar.log`. */
  readonly dir: string;
  /** Its configuration (absolute paths). */
  readonly config: SidecarConfig;
}

/**
 * One TypeScript store sidecar as a local process owned by this one (stopped on exit, killed by a
 * watchdog if this process dies): started, health-checked over its socket, stopped gracefully.
 */
export class SidecarProcess {
  private proc: ServiceProcess | undefined;

  constructor(readonly spec: SidecarProcessSpec) {}

  get socketPath(): string {
    return this.spec.config.socket;
  }

  get configFile(): string {
    return path.join(this.spec.dir, 'sidecar.json');
  }

  /** stdout and stderr of the sidecar. */
  get logFile(): string {
    return path.join(this.spec.dir, 'sidecar.log');
  }

  /** Identifies the process in `ps` (and for the tests' orphan check). */
  get marker(): string {
    return `--testbed-sidecar=${this.spec.dir}`;
  }

  get pid(): number | undefined {
    return this.proc?.isAlive() ? this.proc.pid : undefined;
  }

  isRunning(): boolean {
    return this.proc?.isAlive() ?? false;
  }

  /**
   * Writes the configuration, starts the sidecar and waits until it answers HEALTH on its socket.
   * A sidecar that exits or does not answer in time is killed; the error carries its log tail.
   */
  async start(options: { timeoutMs?: number } = {}): Promise<void> {
    if (this.isRunning()) return;
    mkdirSync(this.spec.dir, { recursive: true });
    mkdirSync(path.dirname(this.socketPath), { recursive: true });
    writeFileSync(this.configFile, `${JSON.stringify(this.spec.config, null, 2)}\n`);
    const cmd = nodeScriptCommand(SIDECAR_MAIN, ['--config', this.configFile, this.marker]);
    const proc = ServiceProcess.start({
      name: this.spec.name,
      command: cmd.command,
      args: cmd.args,
      cwd: this.spec.dir,
      outputFile: this.logFile,
      marker: this.marker,
    });
    this.proc = proc;
    try {
      await proc.waitUntilReady(
        async () => {
          const client = await SidecarClient.connect(this.socketPath, 2_000);
          try {
            return (await client.health()).state === 'serving';
          } finally {
            client.close();
          }
        },
        {
          description: `${this.spec.name} to answer on ${this.socketPath}`,
          timeoutMs: options.timeoutMs ?? 60_000,
          intervalMs: 100,
          maxIntervalMs: 500,
        },
      );
    } catch (error) {
      await proc.kill();
      throw new NodeStartError(`${errorMessage(error)}\n${describeLogs([this.logFile])}`, {
        hint: 'The sidecar log above names the problem (configuration, Cassandra unreachable, socket in use).',
        cause: error,
      });
    }
  }

  /** Graceful stop (SIGTERM: finishes requests in flight), SIGKILL after `graceMs`. */
  async stop(graceMs = 30_000): Promise<void> {
    await this.proc?.stop(graceMs);
  }

  /** kill -9, for fault tests. */
  async kill(): Promise<void> {
    await this.proc?.kill();
  }

  /** The sidecar's health report. */
  async health(): Promise<Record<string, unknown>> {
    const client = await SidecarClient.connect(this.socketPath, 2_000);
    try {
      return await client.health();
    } finally {
      client.close();
    }
  }
}
