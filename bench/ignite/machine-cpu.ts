/**
 * Where the machine's CPU goes during a benchmark: busy time of the whole machine, split by the
 * kind of process that spent it, and the machine's context switches (`/proc`, Linux only).
 */
import { readdirSync, readFileSync } from 'node:fs';

/** The processes a benchmark of Ignite over Cassandra runs. */
export const PROCESS_KINDS = ['cassandra', 'ignite', 'sidecar', 'loadTest', 'other'] as const;
export type ProcessKind = (typeof PROCESS_KINDS)[number];

/** CPU microseconds (busy time) and context switches, cumulative since boot. */
export interface CpuSnapshot {
  readonly busyUs: number;
  readonly contextSwitches: number;
  readonly byKind: Readonly<Record<ProcessKind, number>>;
}

/** USER_HZ is 100 on every Linux the test bed runs on. */
const US_PER_TICK = 10_000;

function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    // The process exited between listing and reading.
    return '';
  }
}

const kindOfPid = new Map<number, ProcessKind>();

function kindOf(pid: number): ProcessKind {
  let kind = kindOfPid.get(pid);
  if (kind) return kind;
  const cmdline = readOrEmpty(`/proc/${pid}/cmdline`);
  // The bridge's own load generator (BridgeBench) stands where the load-test process stands.
  if (pid === process.pid || cmdline.includes('bridge.BridgeBench')) kind = 'loadTest';
  else if (cmdline.includes('org.apache.cassandra.service.CassandraDaemon')) kind = 'cassandra';
  else if (cmdline.includes('org.apache.ignite.startup')) kind = 'ignite';
  else if (cmdline.includes(`sidecar/main`)) kind = 'sidecar';
  else kind = 'other';
  kindOfPid.set(pid, kind);
  return kind;
}

/** utime + stime of a process in ticks; 0 once it has exited. */
function processTicks(pid: number): number {
  const stat = readOrEmpty(`/proc/${pid}/stat`);
  // The command name (field 2) may hold spaces; the fields after it are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
}

export function cpuSnapshot(): CpuSnapshot {
  const stat = readFileSync('/proc/stat', 'utf8');
  const [user, nice, system, , , irq, softirq, steal] = (stat.split('\n', 1)[0] ?? '')
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const busyTicks =
    (user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0);
  const ctxt = /^ctxt (\d+)$/m.exec(stat)?.[1];
  const byKind: Record<ProcessKind, number> = {
    cassandra: 0,
    ignite: 0,
    sidecar: 0,
    loadTest: 0,
    other: 0,
  };
  let processesUs = 0;
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const kind = kindOf(pid);
    if (kind === 'other') continue;
    const us = processTicks(pid) * US_PER_TICK;
    byKind[kind] += us;
    processesUs += us;
  }
  // "other" is the rest of the machine: the kernel's interrupts and every process not named above.
  byKind.other = busyTicks * US_PER_TICK - processesUs;
  return { busyUs: busyTicks * US_PER_TICK, contextSwitches: Number(ctxt ?? 0), byKind };
}

/** What was spent between two snapshots. */
export function cpuSpent(from: CpuSnapshot, to: CpuSnapshot): CpuSnapshot {
  const byKind = Object.fromEntries(
    PROCESS_KINDS.map((k) => [k, to.byKind[k] - from.byKind[k]]),
  ) as Record<ProcessKind, number>;
  return {
    busyUs: to.busyUs - from.busyUs,
    contextSwitches: to.contextSwitches - from.contextSwitches,
    byKind,
  };
}

/** What one entry cost the machine. */
export interface CpuPerEntry {
  readonly cpuUsPerEntry: number;
  /** The same, by kind of process. */
  readonly cpuUsPerEntryBy: Readonly<Record<ProcessKind, number>>;
  readonly contextSwitchesPerEntry: number;
}

/** `spent` divided by `entries`; NaN throughout without a measurement or without entries. */
export function cpuPerEntry(spent: CpuSnapshot | undefined, entries: number): CpuPerEntry {
  const per = (x: number | undefined): number =>
    x !== undefined && entries > 0 ? x / entries : NaN;
  return {
    cpuUsPerEntry: per(spent?.busyUs),
    cpuUsPerEntryBy: Object.fromEntries(
      PROCESS_KINDS.map((k) => [k, per(spent?.byKind[k])]),
    ) as Record<ProcessKind, number>,
    contextSwitchesPerEntry: per(spent?.contextSwitches),
  };
}
