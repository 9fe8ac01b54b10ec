import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { TestbedError, UsageError } from '../../common/errors';
import {
  bedDirOf,
  bedNames,
  cleanIfStale,
  liveProcesses,
  pickBed,
  processesUnderDir,
  readBedState,
  stateFile,
  writeBedState,
  type BedState,
} from '../../local/bed/bed-state';

function state(name: string, processes: BedState['processes']): BedState {
  return {
    version: 1,
    bedId: name,
    specFile: `/specs/${name}.yaml`,
    block: 42,
    startedAt: '2026-12-08T00:00:00.000Z',
    s3Endpoint: 'http://127.0.42.250:9000',
    blockOwnerPid: 999_999,
    servicesRunId: 'r1',
    runs: ['r1'],
    processes,
  };
}

/** The pid of a process that has exited. */
function deadPid(): number {
  return spawnSync('true').pid;
}

describe('local bed state files', () => {
  let root: string;
  const children: ChildProcess[] = [];

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'bed-state-'));
  });
  afterEach(() => {
    for (const c of children.splice(0)) c.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  it('writes and reads back a state; lists and picks beds', () => {
    expect(bedNames(root)).toEqual([]);
    expect(() => pickBed(root, undefined)).toThrow(/No local bed is up/);
    const a = bedDirOf(root, 'a');
    mkdirSync(a, { recursive: true });
    writeBedState(a, state('a', []));
    expect(readBedState(a)).toEqual(state('a', []));
    expect(pickBed(root, undefined)).toBe('a');
    const b = bedDirOf(root, 'b');
    mkdirSync(b, { recursive: true });
    writeBedState(b, state('b', []));
    expect(bedNames(root)).toEqual(['a', 'b']);
    expect(() => pickBed(root, undefined)).toThrow(/Several local beds are up \(a, b\)/);
    expect(pickBed(root, 'b')).toBe('b');
    let error: unknown;
    try {
      pickBed(root, 'c');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).hint).toMatch(/Beds that are up: a, b/);
  });

  it('names a damaged state file and how to get out', () => {
    const dir = bedDirOf(root, 'bad');
    mkdirSync(dir, { recursive: true });
    writeFileSync(stateFile(dir), '{"version": 1');
    expect(() => readBedState(dir)).toThrow(TestbedError);
    expect(() => readBedState(dir)).toThrow(/state\.json is not JSON/);
    writeFileSync(stateFile(dir), '{"version": 2}');
    expect(() => readBedState(dir)).toThrow(/is not a bed state file/);
  });

  it('tells live processes (pid and marker) from dead ones and from reused pids', () => {
    const dir = bedDirOf(root, 'live');
    const marker = `--testbed-bed-node=${dir}/nodes/cassandra-0`;
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)', '--', marker], {
      stdio: 'ignore',
    });
    children.push(child);
    const s = state('live', [
      { node: 'cassandra-0', runId: 'r1', name: 'alive', pid: child.pid as number, marker },
      { node: 'tests-0', runId: 'r1', name: 'dead', pid: deadPid(), marker },
      // A pid that runs, but is not ours any more (another command line).
      { node: 'ignite-0', runId: 'r1', name: 'reused', pid: process.pid, marker },
    ]);
    expect(liveProcesses(s).map((p) => p.name)).toEqual(['alive']);
    expect(processesUnderDir(dir).map((p) => p.pid)).toEqual([child.pid]);
    mkdirSync(dir, { recursive: true });
    writeBedState(dir, s);
    // Not stale while one process runs.
    expect(cleanIfStale(dir, s)).toBe(false);
    expect(readBedState(dir)).toBeDefined();
  });

  it('cleans a stale state (every process gone) and releases nothing it does not own', () => {
    const dir = bedDirOf(root, 'stale');
    mkdirSync(dir, { recursive: true });
    const s = state('stale', [
      { node: 'cassandra-0', runId: 'r1', name: 'gone', pid: deadPid(), marker: 'x' },
    ]);
    writeBedState(dir, s);
    expect(JSON.parse(readFileSync(stateFile(dir), 'utf8'))).toMatchObject({ bedId: 'stale' });
    expect(cleanIfStale(dir, s)).toBe(true);
    expect(readBedState(dir)).toBeUndefined();
    expect(bedNames(root)).toEqual([]);
  });
});
