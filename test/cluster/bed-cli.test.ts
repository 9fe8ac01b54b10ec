import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';

import { bedStateSchema, processesUnderDir } from '../../local/bed/bed-state';
import { runCli, type CliResult } from '../support/cli';

const root = path.resolve(__dirname, '../..');

/**
 * A small bed with Ignite (TS store), one Cassandra node and one test node; short workloads.
 */
function writeSpec(dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  cpSync(path.join(root, 'examples', 'descriptors'), path.join(dir, 'descriptors'), {
    recursive: true,
  });
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    `name: ${name}
nodes: { cassandra: 1, ignite: 1, tests: 1 }
cassandra: { replicationFactor: 1, heapMiB: 512 }
ignite:
  store: ts
  heapMiB: 384
  dataRegionMiB: 128
  caches:
    - name: longs
      descriptor: descriptors/ignite-longs.xml
tests:
  heapMiB: 256
  loadTests:
    - name: ignite
      config:
        target: ignite
        workloads: [WRITE, READ]
        warmupSeconds: 0
        durationSeconds: 2
        concurrency: 2
        keys: { perWorker: 200 }
        ignite: { cache: longs }
        persistenceSettings: descriptors/ignite-longs.xml
timeouts: { cassandraReadySeconds: 180, igniteReadySeconds: 180, barrierSeconds: 60, runSeconds: 120, resultsSeconds: 30 }
`,
  );
  return file;
}

/** Every file under `dir` (relative path → content). */
function filesUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of readdirSync(d)) {
      const p = path.join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out[path.relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

/** A process that runs: a zombie (exited, not yet reaped by init) counts as gone. */
function pidAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/**
 * `testbed bed up|status|run|report|down` through the real CLI: the bed outlives each command,
 * a second run leaves the first run's objects byte-identical, a second `up` is a conflict, and
 * `down` leaves no process.
 */
describe('testbed bed (the persistent local test bed)', () => {
  const dir = path.join(root, '.run', 'test', `bed-cli-${process.pid}`);
  const env = { ...process.env, TESTBED_RUN_DIR: dir };
  const name = 'cli-bed';
  const bedDir = path.join(dir, 'beds', name);
  const cli = (args: string[], timeoutMs = 60_000): Promise<CliResult> =>
    runCli(['bed', ...args], { env, timeoutMs });

  afterAll(async () => {
    // Whatever happened, nothing of the bed may outlive the test.
    await cli(['down', name]).catch(() => undefined);
  }, 90_000);

  it('up, status, a second up (conflict), run again, report, down', async () => {
    const spec = writeSpec(path.join(dir, 'spec'), name);

    const up = await cli(['up', spec], 300_000);
    expect(up.stderr).not.toMatch(/internal error/);
    expect(up.stdout).toMatch(new RegExp(`✓ Bed ${name} is up: run \\S+ (under way|done)`));
    expect(up.code).toBe(0);
    const state = bedStateSchema.parse(
      JSON.parse(readFileSync(path.join(bedDir, 'state.json'), 'utf8')),
    );
    expect(state.processes.map((p) => p.node).sort()).toEqual([
      'cassandra-0',
      'ignite-0',
      'tests-0',
    ]);
    const firstRun = state.runs[0] as string;

    // The ignite node created the cache's table before it reported ready (item 3 of the issue).
    const status = await cli(['status']);
    expect(status.code).toBe(0);
    for (const node of ['cassandra-0', 'ignite-0', 'tests-0']) {
      expect(status.stdout).toMatch(
        new RegExp(`^${node} +127\\.0\\.${state.block}\\.\\d+ +\\w+`, 'm'),
      );
    }
    expect(status.stdout).toMatch(/^ignite-0 .*ready .*tables? created/m);

    const again = await cli(['up', spec]);
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(new RegExp(`Bed ${name} is already up`));
    expect(again.stderr).toMatch(/hint: .*testbed bed down/);

    // Wait for the first run to end (the second would be refused while it runs).
    const end = Date.now() + 120_000;
    while (Date.now() < end && !/✓ DONE|✗ FAILED/.test((await cli(['status'])).stdout)) {
      await new Promise((r) => setTimeout(r, 2000));
    }
    // s3rver keeps objects as files: the run's objects are the files under its key prefix.
    const runFiles = (run: string) =>
      Object.fromEntries(
        Object.entries(filesUnder(path.join(bedDir, 's3', 'data'))).filter(([k]) =>
          k.includes(`runs/${run}/`),
        ),
      );
    const before = runFiles(firstRun);
    expect(Object.keys(before).some((k) => k.includes('DONE'))).toBe(true);

    const second = await cli(['run', name], 200_000);
    expect(second.stderr).not.toMatch(/internal error/);
    expect(second.stdout).toContain('== load test ignite ==');
    expect(second.stdout).toMatch(/✓ DONE/);
    expect(second.code).toBe(0);
    const after = bedStateSchema.parse(
      JSON.parse(readFileSync(path.join(bedDir, 'state.json'), 'utf8')),
    );
    expect(after.runs).toHaveLength(2);
    const secondRun = after.runs[1] as string;
    expect(secondRun).not.toBe(firstRun);
    const firstAfter = runFiles(firstRun);
    expect(firstAfter).toEqual(before);

    const report = await cli(['report', '--run', firstRun]);
    expect(report.code).toBe(0);
    const html = /^ignite: (\S+report\.html)$/m.exec(report.stdout)?.[1] ?? '';
    expect(existsSync(html)).toBe(true);
    expect(html).toContain(firstRun);

    const recorded = [...state.processes, ...after.processes].map((p) => p.pid);
    const down = await cli(['down'], 90_000);
    expect(down.stdout).toMatch(new RegExp(`✓ Bed ${name} is down`));
    expect(down.code).toBe(0);
    expect(recorded.filter(pidAlive)).toEqual([]);
    expect(processesUnderDir(bedDir)).toEqual([]);
    expect(existsSync(path.join(bedDir, 'state.json'))).toBe(false);

    const none = await cli(['status']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/No local bed is up/);
  }, 600_000);
});
