/**
 * Progress of a run on stderr: a live bar (throughput, p99, errors) on a terminal, a plain line
 * every few seconds otherwise (CI logs). Fed by the once-a-second live samples; never by the hot loop.
 */
import { SingleBar } from 'cli-progress';

import type { LiveSample } from '../engine/live';
import type { WorkloadName } from '../operations';
import { ms, num } from '../report/private/format';

export interface Progress {
  workloadStarted(name: WorkloadName): void;
  sample(sample: LiveSample): void;
  workloadEnded(name: WorkloadName): void;
  stop(): void;
}

function line(s: LiveSample): string {
  return `${s.workload} ${s.phase === 'warmup' ? 'warm-up' : 'measured'} ${s.elapsedSec.toFixed(0)}/${s.plannedSec.toFixed(0)} s: ${num(s.throughputOpsPerSec)} ops/s, p99 ${ms(s.latencyP99Ms)} ms, errors ${num(s.errors)}`;
}

export function createProgress(
  stream: NodeJS.WriteStream = process.stderr,
  intervalSec = 10,
): Progress {
  if (stream.isTTY) {
    let bar: SingleBar | undefined;
    return {
      workloadStarted() {
        bar?.stop();
        bar = new SingleBar({
          stream,
          format:
            '{workload} {phase} [{bar}] {percentage}% | {ops} ops/s | p99 {p99} ms | errors {errors}',
          hideCursor: true,
          clearOnComplete: false,
          barsize: 24,
        });
        bar.start(1, 0, { workload: '', phase: '', ops: '-', p99: '-', errors: 0 });
      },
      sample(s) {
        bar?.setTotal(Math.max(1, Math.round(s.plannedSec)));
        bar?.update(Math.min(Math.round(s.elapsedSec), Math.round(s.plannedSec)), {
          workload: s.workload,
          phase: s.phase === 'warmup' ? 'warm-up ' : 'measured',
          ops: num(s.throughputOpsPerSec),
          p99: ms(s.latencyP99Ms),
          errors: num(s.errors),
        });
      },
      workloadEnded() {
        bar?.update(bar.getTotal());
        bar?.stop();
        bar = undefined;
      },
      stop() {
        bar?.stop();
        bar = undefined;
      },
    };
  }
  let last = 0;
  return {
    workloadStarted(name) {
      last = 0;
      stream.write(`${name}: started\n`);
    },
    sample(s) {
      if (s.elapsedSec - last < intervalSec) return;
      last = s.elapsedSec;
      stream.write(`${line(s)}\n`);
    },
    workloadEnded(name) {
      stream.write(`${name}: done\n`);
    },
    stop: () => undefined,
  };
}
