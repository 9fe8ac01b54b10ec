/**
 * After `ready`, a service node keeps its service running until the node is told to stop (SIGTERM)
 * or the service dies; a death is reported as `failed` with the log tail.
 */
import { setTimeout as sleep } from 'node:timers/promises';

import type { RunningProcess } from '../../services/environment';
import type { RoleContext } from '../shared/context';
import { BootstrapError } from '../shared/errors';
import { logTail } from '../shared/logs';

/** Resolves when the node is told to stop (then stops the processes); throws if one dies. */
export async function supervise(
  ctx: RoleContext,
  processes: readonly { name: string; proc: RunningProcess; logs: readonly string[] }[],
): Promise<void> {
  try {
    while (!ctx.signal.aborted) {
      const dead = processes.find((p) => !p.proc.isAlive());
      if (dead) throw new BootstrapError(`${dead.name} exited`, logTail(dead.logs));
      await sleep(1000, undefined, { signal: ctx.signal }).catch(() => undefined);
    }
  } finally {
    // Stop in order (Ignite before its sidecar: write-behind buffers flush through it).
    for (const p of processes) await p.proc.stop(20_000);
  }
}
