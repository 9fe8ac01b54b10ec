import { TestbedError } from '../../../common/errors';
import { cleanIfStale, processesUnderDir, readBedState } from '../../../local/bed/bed-state';
import { progress, warn } from '../../cli-output';

/**
 * Refuses (exit code conflict) to bring up a bed whose directory is in use: a bed of that name
 * that is up, or processes of one (a `testbed demo` running). A stale state file (every process
 * gone) is removed with a message instead.
 */
export function refuseIfBedRuns(dir: string, name: string): void {
  const state = readBedState(dir);
  if (state) {
    if (cleanIfStale(dir, state)) {
      progress(
        warn(
          `Bed ${name} was recorded as up (since ${state.startedAt}) but none of its processes runs any more; removed its stale state.`,
        ),
      );
    } else {
      throw new TestbedError(`Bed ${name} is already up (since ${state.startedAt}).`, {
        code: 'BED_CONFLICT',
        hint: `Run on it with 'testbed bed run ${name}', or take it down first with 'testbed bed down ${name}'.`,
      });
    }
  }
  const running = processesUnderDir(dir);
  if (running.length) {
    throw new TestbedError(
      `Processes of a bed named ${name} are running (pids ${running.map((p) => p.pid).join(', ')}), e.g. a 'testbed demo'.`,
      {
        code: 'BED_CONFLICT',
        hint: 'Wait until it ends, or stop it (Ctrl-C in its terminal).',
      },
    );
  }
}
