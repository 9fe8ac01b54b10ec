/**
 * One run of the bridge without Ignite (`BridgeBench`, a main class of the bridge jar): Java
 * threads call the bridge's store, which forwards to the sidecar. What bridge plus sidecar cost
 * beside the store used directly, with nothing of Ignite's own work in between.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

import { TestbedError } from '../../common/errors';
import type { IgniteStoreCluster } from '../../local';
import { cpuSnapshot, cpuSpent, type CpuSnapshot } from './machine-cpu';

/** The bridge store call `BridgeBench` repeats. */
export type BridgeOp = 'writeAll' | 'loadAll' | 'write' | 'load';

export interface BridgeRunProps {
  readonly cluster: IgniteStoreCluster;
  readonly cache: string;
  readonly op: BridgeOp;
  readonly threads: number;
  readonly bulk: number;
  readonly warmupSeconds: number;
  readonly seconds: number;
  readonly keysPerThread: number;
  readonly signal: AbortSignal;
}

export interface BridgeRunResult {
  readonly entries: number;
  readonly errors: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** The machine's CPU over the measured phase. */
  readonly spent: CpuSnapshot;
}

/** Runs `BridgeBench` (bounded: killed after warm-up + measured time + 60 s, or on abort). */
export async function runBridge(p: BridgeRunProps): Promise<BridgeRunResult> {
  const tool = p.cluster.javaTool('io.github.ignitecassandratestbed.bridge.BridgeBench', [
    p.cluster.sidecarSocket(1),
    p.cache,
    p.op,
    String(p.threads),
    String(p.bulk),
    String(p.warmupSeconds),
    String(p.seconds),
    String(p.keysPerThread),
  ]);
  const child = spawn(tool.command, tool.args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const kill = (): void => {
    child.kill('SIGKILL');
  };
  const timer = setTimeout(kill, (p.warmupSeconds + p.seconds + 60) * 1000);
  p.signal.addEventListener('abort', kill, { once: true });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  let first: CpuSnapshot | undefined;
  let spent: CpuSnapshot | undefined;
  let result: { entries: number; errors: number; p50Us: number; p99Us: number } | undefined;
  try {
    for await (const line of createInterface({ input: child.stdout })) {
      if (line === 'MEASURING') first = cpuSnapshot();
      else if (line === 'MEASURED' && first) spent = cpuSpent(first, cpuSnapshot());
      else if (line.startsWith('RESULT '))
        result = JSON.parse(line.slice('RESULT '.length)) as typeof result;
    }
    const code = await new Promise<number | null>((resolve) => {
      if (child.exitCode !== null) resolve(child.exitCode);
      else child.once('exit', resolve);
    });
    if (!result || !spent) {
      throw new TestbedError(
        `BridgeBench ${p.op} ended (exit code ${String(code)}) without figures: ${stderr.trim()}`,
      );
    }
    return {
      entries: result.entries,
      errors: result.errors,
      p50Ms: result.p50Us / 1000,
      p99Ms: result.p99Us / 1000,
      spent,
    };
  } finally {
    clearTimeout(timer);
    p.signal.removeEventListener('abort', kill);
    if (child.exitCode === null) kill();
  }
}
