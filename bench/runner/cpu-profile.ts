/**
 * CPU profile attribution for the benchmark's cross-check: samples the process with the V8
 * profiler while `task` runs and splits the non-idle samples by the code they landed in (self
 * time): the runner (tests-runner engine, generators, hdr-histogram-js), the target (its adapter,
 * the embedded store and the cassandra-driver), garbage collection, and the rest (Node internals, sockets, builtins).
 */
import { Session } from 'node:inspector/promises';

export interface CpuSplit {
  readonly samples: number;
  readonly runnerPercent: number;
  readonly targetPercent: number;
  readonly gcPercent: number;
  readonly otherPercent: number;
}

interface ProfileNode {
  id: number;
  callFrame: { url: string; functionName: string };
}

function category(node: ProfileNode): 'runner' | 'target' | 'gc' | 'idle' | 'other' {
  const { url, functionName } = node.callFrame;
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(garbage collector)') return 'gc';
  if (
    url.includes('/tests-runner/targets/') ||
    url.includes('/cassandra-driver/') ||
    url.includes('/store/') ||
    url.includes('/@msgpack/')
  ) {
    return 'target';
  }
  if (url.includes('/tests-runner/') || url.includes('/hdr-histogram-js/')) return 'runner';
  return 'other';
}

export async function profileCpu<T>(
  task: () => Promise<T>,
): Promise<{ value: T; split: CpuSplit }> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    const value = await task();
    const { profile } = (await session.post('Profiler.stop')) as unknown as {
      profile: { nodes: ProfileNode[]; samples?: number[] };
    };
    const byId = new Map(profile.nodes.map((n) => [n.id, category(n)]));
    const counts = { runner: 0, target: 0, gc: 0, idle: 0, other: 0 };
    for (const id of profile.samples ?? []) counts[byId.get(id) ?? 'other']++;
    const busy = Math.max(1, counts.runner + counts.target + counts.gc + counts.other);
    const pct = (n: number): number => Math.round((1000 * n) / busy) / 10;
    return {
      value,
      split: {
        samples: busy,
        runnerPercent: pct(counts.runner),
        targetPercent: pct(counts.target),
        gcPercent: pct(counts.gc),
        otherPercent: pct(counts.other),
      },
    };
  } finally {
    await session.post('Profiler.disable').catch(() => undefined);
    session.disconnect();
  }
}
