/**
 * The state file of a persistent local bed (`testbed bed up` … `bed down`):
 * `<run dir>/beds/<name>/state.json` records what the bed's processes are (pid and the marker
 * that proves a pid is still ours), its loopback block and its runs, so that later commands can
 * find, follow and stop them. A bed whose processes are all gone is "stale": its file is removed
 * with a message instead of blocking the next `bed up`.
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { z } from 'zod';

import { TestbedError, UsageError } from '../../common/errors';
import { releaseLoopbackBlock } from '../ports';
import { ServiceProcess } from '../../services/process';
import { LocalS3 } from '../s3/local-s3';

const processRecordSchema = z.strictObject({
  /** e.g. `cassandra-0`, `tests-1`. */
  node: z.string(),
  runId: z.string(),
  name: z.string(),
  pid: z.number().int().positive(),
  marker: z.string(),
});
/** One recorded process of a bed (a node's bootstrap process). */
export type BedProcessRecord = z.output<typeof processRecordSchema>;

export const bedStateSchema = z.strictObject({
  version: z.literal(1),
  bedId: z.string(),
  /** The spec the bed came up from (a rerun's test nodes read it again). */
  specFile: z.string(),
  /** The loopback block 127.0.<block>.x of the nodes. */
  block: z.number().int().min(0).max(255),
  startedAt: z.string(),
  s3Endpoint: z.string(),
  /** The process that holds the loopback block's lock (the S3 server, which lives as long as the bed). */
  blockOwnerPid: z.number().int().positive(),
  /** The first run, whose Cassandra and Ignite nodes serve every run. */
  servicesRunId: z.string(),
  /** Every run on the bed, oldest first. */
  runs: z.array(z.string()).min(1),
  processes: z.array(processRecordSchema),
});
export type BedState = z.output<typeof bedStateSchema>;

/** Where the local beds live. */
export function bedsDir(runDirectory: string): string {
  return path.join(runDirectory, 'beds');
}

/** A bed's directory (S3 data, node directories, reports, the state file). */
export function bedDirOf(runDirectory: string, name: string): string {
  return path.join(bedsDir(runDirectory), name);
}

export function stateFile(dir: string): string {
  return path.join(dir, 'state.json');
}

/** The bed's state, or undefined when it has none; a damaged file is an error naming it. */
export function readBedState(dir: string): BedState | undefined {
  const file = stateFile(dir);
  if (!existsSync(file)) return undefined;
  let parsed: ReturnType<typeof bedStateSchema.safeParse>;
  try {
    parsed = bedStateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    throw new TestbedError(`${file} is not JSON: ${(error as Error).message}`, {
      hint: `Stop what is left with 'testbed bed down ${path.basename(dir)}', or remove the file.`,
    });
  }
  if (!parsed.success) {
    throw new TestbedError(`${file} is not a bed state file: ${parsed.error.issues[0]?.message}`, {
      hint: `Stop what is left with 'testbed bed down ${path.basename(dir)}', or remove the file.`,
    });
  }
  return parsed.data;
}

/** Writes the state atomically (a reader never sees half a file). */
export function writeBedState(dir: string, state: BedState): void {
  const file = stateFile(dir);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(bedStateSchema.parse(state), null, 2)}\n`);
  renameSync(tmp, file);
}

export function removeBedState(dir: string): void {
  rmSync(stateFile(dir), { force: true });
}

/** The bed's local S3 server directory. */
export function s3DirOf(dir: string): string {
  return path.join(dir, 's3');
}

/** What of a bed still runs: its S3 server and the recorded node processes. */
export interface BedLiveness {
  readonly s3: LocalS3 | undefined;
  readonly nodes: readonly BedProcessRecord[];
}

export function bedLiveness(dir: string, state: BedState): BedLiveness {
  return { s3: LocalS3.attach(s3DirOf(dir)), nodes: liveProcesses(state) };
}

/**
 * Removes the state of a bed none of whose processes runs any more (its loopback block too).
 * @returns true when the bed was stale and is cleaned
 */
export function cleanIfStale(dir: string, state: BedState): boolean {
  const live = bedLiveness(dir, state);
  if (live.s3 || live.nodes.length || processesUnderDir(dir).length) return false;
  releaseLoopbackBlock(state.block, state.blockOwnerPid);
  removeBedState(dir);
  return true;
}

/** The recorded processes that still run and are still ours (pid and marker). */
export function liveProcesses(state: BedState): BedProcessRecord[] {
  return state.processes.filter((p) => Boolean(ServiceProcess.attach(p.name, p.pid, p.marker)));
}

/**
 * Processes whose command line names a directory under `dir` (every node, JVM, sidecar and the
 * S3 server of a bed carries a marker with its directory): the backstop that finds children
 * whose pids were never recorded.
 */
export function processesUnderDir(dir: string): { pid: number; command: string }[] {
  const needle = `=${path.resolve(dir)}/`;
  const found: { pid: number; command: string }[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    if (Number(pid) === process.pid) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
    } catch {
      continue; // exited meanwhile
    }
    if (cmdline.includes(needle)) found.push({ pid: Number(pid), command: cmdline.slice(0, 160) });
  }
  return found;
}

/** The names of the beds that have a state file. */
export function bedNames(runDirectory: string): string[] {
  const dir = bedsDir(runDirectory);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => existsSync(stateFile(path.join(dir, name))))
    .sort();
}

/**
 * The bed a command means: the named one, or the only one when no name is given. Usage errors
 * (exit 2) say which beds there are.
 */
export function pickBed(runDirectory: string, name: string | undefined): string {
  const names = bedNames(runDirectory);
  if (name !== undefined) {
    if (names.includes(name)) return name;
    throw new UsageError(`There is no local bed named '${name}'.`, {
      hint: names.length
        ? `Beds that are up: ${names.join(', ')}.`
        : 'Bring one up with: testbed bed up <spec>',
    });
  }
  if (names.length === 1) return names[0] as string;
  if (names.length === 0) {
    throw new UsageError('No local bed is up.', {
      hint: 'Bring one up with: testbed bed up <spec>',
    });
  }
  throw new UsageError(`Several local beds are up (${names.join(', ')}); name one.`);
}
