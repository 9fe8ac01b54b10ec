/**
 * Takes a persistent local bed down (`testbed bed down`): its recorded node processes in
 * dependency order, then its S3 server, then — the backstop — any process whose command line
 * still names the bed's directory (a JVM or sidecar whose node process was killed before it could
 * stop them). Bounded; fails naming the pids if anything survives.
 */
import { setTimeout as sleep } from 'node:timers/promises';

import { TestbedError } from '../../common/errors';
import { releaseLoopbackBlock } from '../ports';
import { ServiceProcess } from '../../services/process';
import { LocalS3 } from '../s3/local-s3';
import { processesUnderDir, removeBedState, s3DirOf, type BedState } from './bed-state';
import { stopNodes } from './local-bed';

/** What {@link takeBedDown} did. */
export interface TakeDownResult {
  /** Processes stopped by their recorded pid (nodes and the S3 server). */
  readonly stopped: number;
  /** Leftover processes found by their marker and killed. */
  readonly killed: number;
}

export async function takeBedDown(
  dir: string,
  state: BedState | undefined,
  graceMs = 20_000,
): Promise<TakeDownResult> {
  const nodes = (state?.processes ?? []).flatMap((r) => {
    const proc = ServiceProcess.attach(r.name, r.pid, r.marker);
    return proc ? [{ node: r.node, proc }] : [];
  });
  await stopNodes(nodes, graceMs);
  let stopped = nodes.length;
  const s3 = LocalS3.attach(s3DirOf(dir));
  if (s3) {
    await s3.stop();
    stopped++;
  }
  // Children of a node that was killed are stopped by their watchdogs within a few seconds.
  let leftovers = processesUnderDir(dir);
  for (let waited = 0; leftovers.length && waited < 5_000; waited += 250) {
    await sleep(250);
    leftovers = processesUnderDir(dir);
  }
  for (const p of leftovers) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  let survivors = processesUnderDir(dir);
  for (let waited = 0; survivors.length && waited < 10_000; waited += 250) {
    await sleep(250);
    survivors = processesUnderDir(dir);
  }
  if (survivors.length) {
    throw new TestbedError(
      `Processes of the bed in ${dir} survived SIGKILL: ${survivors.map((p) => `${p.pid} (${p.command})`).join('; ')}`,
    );
  }
  if (state) releaseLoopbackBlock(state.block, state.blockOwnerPid);
  removeBedState(dir);
  return { stopped, killed: leftovers.length };
}
