import { mkdirSync } from 'node:fs';
import path from 'node:path';

import { errorMessage, TestbedError } from '../common/errors';
import type { RunningProcess, ServiceEnvironment } from './environment';
import { describeLogs } from './log-tail';
import type { JvmRuntime } from './runtime';

/**
 * Raised when a node does not become ready (code `NODE_START_FAILED`, data: `node`); the message
 * carries the tail of its logs.
 */
export class NodeStartError extends TestbedError {}

/** One JVM service node to start. */
export interface JvmServiceStart {
  /** Human name, e.g. "cassandra node 2 (10.0.1.12)". */
  readonly name: string;
  /** The node's directory; the JVM's stdout and stderr go to `logs/stdout.log` below it. */
  readonly dir: string;
  readonly heapMiB: number;
  /** Identifies the JVM in `ps` (first JVM argument). */
  readonly marker: string;
  /** JVM options, main class and arguments (marker and heap are added in front). */
  readonly javaArgs: readonly string[];
  /** One readiness check; true when the node serves clients. */
  readonly probe: () => Promise<boolean>;
  /** The service's own log files, quoted when the start fails. */
  readonly logFiles: readonly string[];
  /** @default 180 s */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** The captured stdout and stderr of a node's JVM. */
export function jvmOutputFile(dir: string): string {
  return path.join(dir, 'logs', 'stdout.log');
}

/** The full java command line of a node: marker, heap, then the service's arguments. */
export function jvmCommandLine(
  start: Pick<JvmServiceStart, 'marker' | 'heapMiB' | 'javaArgs'>,
): string[] {
  return [
    start.marker,
    `-Xms${Math.min(start.heapMiB, 256)}m`,
    `-Xmx${start.heapMiB}m`,
    ...start.javaArgs,
  ];
}

/**
 * Starts a JVM through the environment's process runner and waits (bounded) until its probe
 * passes. On failure the JVM is killed and a {@link NodeStartError} carries the tail of its logs.
 */
export async function startJvmService(
  env: ServiceEnvironment,
  runtime: JvmRuntime,
  start: JvmServiceStart,
): Promise<RunningProcess> {
  mkdirSync(path.join(start.dir, 'logs'), { recursive: true });
  const outputFile = jvmOutputFile(start.dir);
  const proc = env.runner.start({
    name: start.name,
    command: runtime.jdk.java,
    args: jvmCommandLine(start),
    cwd: start.dir,
    env: { ...env.variables, JAVA_HOME: runtime.jdk.home },
    outputFile,
    marker: start.marker,
  });
  try {
    await proc.waitUntilReady(start.probe, {
      description: `${start.name} to become ready`,
      timeoutMs: start.timeoutMs ?? 180_000,
      intervalMs: 250,
      maxIntervalMs: 1000,
      ...(start.signal ? { signal: start.signal } : {}),
    });
  } catch (error) {
    await proc.kill();
    throw new NodeStartError(
      `${errorMessage(error)}\n${describeLogs([outputFile, ...start.logFiles])}`,
      {
        code: 'NODE_START_FAILED',
        data: { node: start.name },
        hint: 'Read the log lines above; check the JDK and that the ports are free.',
        cause: error,
      },
    );
  }
  return proc;
}
