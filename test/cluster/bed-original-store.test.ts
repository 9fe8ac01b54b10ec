import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { loadBedSpec } from '../../bed';
import { allocateLoopbackBlock, type LoopbackBlock } from '../../local';
import { LocalBed } from '../../local/bed/local-bed';
import { processesUnder, suiteDir } from '../support/services';

const root = path.resolve(__dirname, '../..');

/**
 * A bed whose Ignite node persists its cache with the original Java store (`ignite.store:
 * original`): one Cassandra node, one Ignite node, one test node, a short Ignite load test.
 */
describe('local test bed with the original Java store', () => {
  const dir = suiteDir('bed-original');
  let block: LoopbackBlock;

  beforeAll(() => {
    block = allocateLoopbackBlock();
  });
  afterAll(() => {
    block.release();
    expect(processesUnder(dir)).toEqual([]);
  });

  it('runs its ignite load test to DONE; the table exists before the node reports ready', async () => {
    mkdirSync(dir, { recursive: true });
    cpSync(path.join(root, 'examples', 'descriptors'), path.join(dir, 'descriptors'), {
      recursive: true,
    });
    const spec = path.join(dir, 'original.yaml');
    writeFileSync(
      spec,
      `name: original
nodes: { cassandra: 1, ignite: 1, tests: 1 }
cassandra: { replicationFactor: 1, heapMiB: 512 }
ignite:
  store: original
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
        workloads: [WRITE, BULK_WRITE, READ]
        warmupSeconds: 0
        durationSeconds: 2
        concurrency: 2
        bulkSize: 50
        verifyReads: true
        keys: { perWorker: 200 }
        ignite: { cache: longs }
        persistenceSettings: descriptors/ignite-longs.xml
timeouts: { cassandraReadySeconds: 180, igniteReadySeconds: 180, barrierSeconds: 60, runSeconds: 120, resultsSeconds: 30 }
`,
    );
    const { bed, runId } = await LocalBed.up({
      loaded: loadBedSpec(spec),
      dir: path.join(dir, 'bed'),
      block,
      log: () => undefined,
      variables: process.env,
    });
    try {
      const outcome = await bed.waitForOutcome(runId, { timeoutMs: 300_000 });
      expect(outcome.reason).not.toMatch(/FAILED/);
      expect(outcome).toMatchObject({ outcome: 'DONE', missingNodes: [] });
      const ignite = (await bed.statuses(runId)).find((s) => s.node === 'ignite-0');
      expect(ignite?.message).toMatch(/original store; tables created: longs/);
    } finally {
      await bed.down();
    }
  }, 360_000);
});
