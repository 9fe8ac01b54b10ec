/**
 * A process's resident memory from `/proc/<pid>/status` (Linux): what a JVM node really takes
 * from the machine (heap, metaspace, direct buffers, code). Cassandra and Ignite run with
 * `-XX:+PerfDisableSharedMem`, so their heap counters are not readable from outside without JMX;
 * resident memory is the figure that is.
 */
import { readFile } from 'node:fs/promises';

import type { GmetricValue } from '../gmetric/sender';

/** A poll function publishing `name` (MiB) for `pid`; fails when the process is gone. */
export function processMemoryPoll(
  pid: number,
  name: string,
  group: string,
): () => Promise<GmetricValue[]> {
  return async () => {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? NaN);
    if (!Number.isFinite(kb)) throw new Error(`no VmRSS in /proc/${pid}/status`);
    return [{ name, value: kb / 1024, type: 'float', units: 'MiB', group }];
  };
}
