import { mkdirSync, cpSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { loadBedSpec } from '../../bed';
import type { NodeStatusObject } from '../../bed/status';
import { allocateLoopbackBlock, type LoopbackBlock } from '../../local';
import { LocalBed } from '../../local/bed/local-bed';
import { runCli } from '../support/cli';
import { processesUnder, suiteDir } from '../support/services';

const root = path.resolve(__dirname, '../..');

/** A small bed spec in `dir` (descriptors copied beside it): short store-target tests only. */
function writeSpec(
  dir: string,
  name: string,
  extra: { cassandraYaml?: string; tests?: number; seconds?: number },
): string {
  mkdirSync(dir, { recursive: true });
  cpSync(path.join(root, 'examples', 'descriptors'), path.join(dir, 'descriptors'), {
    recursive: true,
  });
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    `name: ${name}
nodes: { cassandra: 1, tests: ${extra.tests ?? 2} }
cassandra:
  heapMiB: 512
${extra.cassandraYaml ? `  yaml: ${extra.cassandraYaml}\n` : ''}tests:
  heapMiB: 256
  loadTests:
    - name: store
      config:
        target: store
        workloads: [WRITE, READ]
        warmupSeconds: 1
        durationSeconds: ${extra.seconds ?? 3}
        concurrency: 2
        keys: { perWorker: 200 }
        persistenceSettings: descriptors/store-longs.xml
timeouts: { cassandraReadySeconds: 120, barrierSeconds: 60, runSeconds: 120, resultsSeconds: 20 }
`,
  );
  return file;
}

const quiet = () => undefined;

async function until(
  bed: LocalBed,
  runId: string,
  test: (s: NodeStatusObject[]) => boolean,
  timeoutMs = 180_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (test(await bed.statuses(runId).catch(() => []))) return;
    await sleep(300);
  }
  throw new Error(`statuses of ${runId} never matched`);
}

/** Every object of a run: key (relative to the run) → content. */
async function runObjects(bed: LocalBed, runId: string): Promise<Record<string, string>> {
  const run = bed.layout.run(runId);
  const out: Record<string, string> = {};
  for (const key of await bed.bucket.list(run.allPrefix)) {
    out[key.slice(run.allPrefix.length)] = (await bed.bucket.getText(key)) ?? '';
  }
  return out;
}

describe('local test bed under faults', () => {
  const dir = suiteDir('bed-faults');
  let block: LoopbackBlock;

  beforeAll(() => {
    block = allocateLoopbackBlock();
  });
  afterAll(() => {
    block.release();
    expect(processesUnder(dir)).toEqual([]);
  });

  it('fails if a Cassandra node cannot start: FAILED names the node and its log tail, nothing hangs', async () => {
    const spec = writeSpec(path.join(dir, 'broken'), 'broken', {
      cassandraYaml: '{ concurrent_reads: lots }',
      tests: 1,
    });
    const started = Date.now();
    const { bed, runId } = await LocalBed.up({
      loaded: loadBedSpec(spec),
      dir: path.join(dir, 'broken', 'bed'),
      block,
      log: quiet,
      variables: process.env,
    });
    try {
      const outcome = await bed.waitForOutcome(runId, { timeoutMs: 240_000 });
      expect(outcome.outcome).toBe('FAILED');
      expect(outcome.reason).toMatch(/cassandra-0 \(127\.0\.\d+\.1\)/);
      expect(outcome.logTail.join('\n')).toMatch(/NumberFormatException: For input string: "lots"/);
      expect(Date.now() - started).toBeLessThan(240_000);
    } finally {
      await bed.down();
    }
  }, 300_000);

  it('survives an S3 restart mid-run, reruns with a new id leaving the first untouched, and reports a killed test node as missing', async () => {
    const spec = writeSpec(path.join(dir, 'ok'), 'faults', { seconds: 6 });
    const { bed, runId: first } = await LocalBed.up({
      loaded: loadBedSpec(spec),
      dir: path.join(dir, 'ok', 'bed'),
      block,
      log: quiet,
      variables: process.env,
    });
    try {
      // S3 restarted while both test nodes run: every node's retries succeed, no result is lost.
      await until(
        bed,
        first,
        (s) => s.filter((x) => x.role === 'tests' && x.phase === 'running').length === 2,
      );
      await bed.restartS3(2000);
      const one = await bed.waitForOutcome(first, { timeoutMs: 240_000 });
      expect(one).toMatchObject({ outcome: 'DONE', missingNodes: [] });
      const before = await runObjects(bed, first);
      expect(Object.keys(before)).toEqual(
        expect.arrayContaining(['DONE', 'results/store/node-0.json', 'results/store/node-1.json']),
      );

      // A second run: a new id, the first run's objects untouched; tests-1 killed mid-run.
      const second = await bed.rerun();
      expect(second).not.toBe(first);
      await until(bed, second, (s) => s.some((x) => x.node === 'tests-1' && x.phase === 'running'));
      await bed.nodeProcess('tests-1', second)?.kill();
      const two = await bed.waitForOutcome(second, { timeoutMs: 240_000 });
      expect(two.outcome).toBe('DONE');
      expect(two.missingNodes).toEqual(['tests-1']);
      expect(two.reason).toMatch(/partial: no results from tests-1/);
      const reports = await bed.fetchReports(second, two, path.join(dir, 'ok', 'reports'));
      expect(readFileSync(reports.store?.md ?? '', 'utf8')).toMatch(
        /PARTIAL REPORT: no results from tests-1/,
      );
      expect(await runObjects(bed, first)).toEqual(before);
    } finally {
      await bed.down();
    }
  }, 600_000);

  it('fails with exit code 2 on a bad spec before anything starts', async () => {
    const bad = writeSpec(path.join(dir, 'bad'), 'bad', {}).replace('bad.yaml', 'bad2.yaml');
    writeFileSync(
      bad,
      readFileSync(path.join(dir, 'bad', 'bad.yaml'), 'utf8').replace(
        'cassandra: 1',
        'cassandra: 0',
      ),
    );
    const result = await runCli(['demo', '--spec', bad], {
      env: { ...process.env, TESTBED_RUN_DIR: path.join(dir, 'bad', 'run') },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bad2\.yaml:2: nodes\.cassandra: must be at least 1 \(got 0\)/);
    expect(() => statSync(path.join(dir, 'bad', 'run', 'beds'))).toThrow();
  });
});
