import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

import { TestbedError } from '../common/errors';
import { waitFor } from '../common/wait';

/** The process exited while it was awaited to become ready. */
export class ProcessExitedError extends TestbedError {}

/** How to start a service process. */
export interface ProcessSpec {
  /** Human name used in messages ("cassandra node 2"). */
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  /** stdout and stderr are appended here. */
  readonly outputFile: string;
  /**
   * A string that appears in the command line and identifies the process as ours, so that a pid
   * read back from a state file is never mistaken for an unrelated process that reused it.
   */
  readonly marker: string;
}

/**
 * A started service process (its own process group), or one re-attached by pid from a state file.
 * Stopping signals the whole group, so helper children die with it.
 */
export class ServiceProcess {
  private readonly child: ChildProcess | undefined;
  private exitCode: number | null | undefined;
  private watchdog: ChildProcess | undefined;

  private constructor(
    readonly name: string,
    readonly pid: number,
    readonly marker: string,
    child?: ChildProcess,
  ) {
    this.child = child;
    child?.once('exit', (code, signal) => {
      this.exitCode = code ?? (signal ? -1 : null);
      owned.delete(this);
      this.watchdog?.kill('SIGKILL');
    });
  }

  /**
   * Starts a process owned by this Node process: it is killed when this process exits, stopped by
   * {@link stopOwnedProcesses} (the CLI calls it on Ctrl-C), and killed by a watchdog if this
   * process dies without cleaning up, until {@link ServiceProcess.release}
   * hands it over to outlive us.
   */
  static start(spec: ProcessSpec): ServiceProcess {
    const out = openSync(spec.outputFile, 'a');
    let child: ChildProcess;
    try {
      child = spawn(spec.command, spec.args, {
        cwd: spec.cwd,
        env: spec.env ?? process.env,
        detached: true, // own process group: a terminal's Ctrl-C reaches us, and we stop it in order
        stdio: ['ignore', out, out],
      });
    } finally {
      closeSync(out);
    }
    if (child.pid === undefined) throw new Error(`${spec.name}: spawn of ${spec.command} failed`);
    const proc = new ServiceProcess(spec.name, child.pid, spec.marker, child);
    owned.add(proc);
    installCleanup();
    proc.watchdog = startWatchdog(child.pid);
    return proc;
  }

  /**
   * Lets the process outlive this one (the CLI's `start`, once the service is ready): no cleanup
   * on exit, no watchdog. It is stopped later by pid ({@link ServiceProcess.attach}).
   */
  release(): void {
    owned.delete(this);
    this.watchdog?.kill('SIGKILL');
    this.watchdog = undefined;
    this.child?.unref();
  }

  /**
   * Re-attaches to a process started earlier (by pid), if it is still alive and still ours.
   */
  static attach(name: string, pid: number, marker: string): ServiceProcess | undefined {
    const proc = new ServiceProcess(name, pid, marker);
    return proc.isAlive() ? proc : undefined;
  }

  /** True while the process runs (and, for attached processes, still carries our marker). */
  isAlive(): boolean {
    if (this.child) return this.exitCode === undefined;
    try {
      process.kill(this.pid, 0);
    } catch {
      return false;
    }
    const cmdline = `/proc/${this.pid}/cmdline`;
    if (!existsSync(cmdline)) return true; // not Linux: trust the pid
    return readFileSync(cmdline, 'utf8').includes(this.marker);
  }

  /** Exit code once exited (`-1` when killed by a signal); undefined while running. */
  get exitStatus(): number | null | undefined {
    return this.exitCode;
  }

  /**
   * Waits (bounded, with backoff) until `probe` returns true; fails at once with a
   * {@link ProcessExitedError} if the process exits meanwhile.
   */
  async waitUntilReady(
    probe: () => Promise<boolean>,
    options: {
      readonly description: string;
      readonly timeoutMs: number;
      readonly intervalMs?: number;
      readonly maxIntervalMs?: number;
      readonly signal?: AbortSignal;
    },
  ): Promise<void> {
    await waitFor(
      async () => {
        if (!this.isAlive()) {
          throw new ProcessExitedError(
            `${this.name} exited during start-up (exit status ${String(this.exitStatus)})`,
          );
        }
        return probe();
      },
      { ...options, isFatal: (e) => e instanceof ProcessExitedError },
    );
  }

  /** Resolves true once the process has exited, false when `timeoutMs` passes first. */
  async waitForExit(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.isAlive()) {
      if (Date.now() >= deadline) return false;
      await sleep(100);
    }
    return true;
  }

  /**
   * SIGTERM to the process group, then SIGKILL if it has not exited after `graceMs`.
   * @returns how it ended: `stopped` (exited on SIGTERM) or `killed`
   */
  async stop(graceMs = 30_000): Promise<'stopped' | 'killed' | 'not running'> {
    if (!this.isAlive()) return 'not running';
    this.signalGroup('SIGTERM');
    if (await this.waitForExit(graceMs)) return 'stopped';
    await this.kill();
    return 'killed';
  }

  /** SIGKILL to the process group (kill -9), and wait until it is gone (bounded: 10 s). */
  async kill(): Promise<void> {
    if (!this.isAlive()) return;
    this.signalGroup('SIGKILL');
    if (!(await this.waitForExit(10_000))) {
      throw new Error(`${this.name} (pid ${this.pid}) survived SIGKILL for 10 s`);
    }
  }

  private signalGroup(signal: NodeJS.Signals): void {
    try {
      process.kill(-this.pid, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }
}

/** Processes with lifetime `owned` still running. */
const owned = new Set<ServiceProcess>();
let cleanupInstalled = false;

/** Stops every owned process (bounded), e.g. from a test teardown. */
export async function stopOwnedProcesses(graceMs = 10_000): Promise<void> {
  await Promise.all([...owned].map((p) => p.stop(graceMs)));
}

/** Owned processes still running, for leak checks. */
export function ownedProcessCount(): number {
  return owned.size;
}

function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  // Synchronous last resort: whatever is still running when this process exits is killed.
  process.once('exit', () => {
    for (const p of owned) {
      try {
        process.kill(-p.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
  // No signal handlers here: entry points own signals (the CLI's bin/signals.ts stops the owned
  // processes on Ctrl-C); a process killed by a signal it does not handle is covered by the watchdog.
}

/**
 * A tiny detached shell loop that kills the service's process group if this Node process dies
 * without cleaning up (SIGKILL, a crash in native code), and exits by itself once the service is
 * gone, so it never outlives either.
 */
function startWatchdog(servicePid: number): ChildProcess {
  // `kill -s SIG -- -PGID` is the form both dash and bash accept for a process group.
  const script =
    'while kill -s 0 "$1" 2>/dev/null && kill -s 0 -- "-$2" 2>/dev/null; do sleep 1; done; ' +
    'if ! kill -s 0 "$1" 2>/dev/null; then kill -s TERM -- "-$2" 2>/dev/null; sleep 3; kill -s KILL -- "-$2" 2>/dev/null; fi';
  const watchdog = spawn(
    '/bin/sh',
    ['-c', script, 'testbed-watchdog', String(process.pid), String(servicePid)],
    {
      detached: true,
      stdio: 'ignore',
    },
  );
  watchdog.unref();
  return watchdog;
}
