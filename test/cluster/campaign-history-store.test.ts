import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { appendRun, historyKeys, readRuns } from '../../campaigns/history/history';
import { nightId, RUN_RECORD_FORMAT, type RunRecord } from '../../campaigns/history/record';
import { directoryStore, s3Store, type HistoryStore } from '../../campaigns/history/store';
import { localS3Client, startS3Server, type S3Server } from '../../local';
import { suiteDir } from '../support/services';

function run(night: Date, cell: string, repetition: number, valid: boolean): RunRecord {
  return {
    format: RUN_RECORD_FORMAT,
    version: 1,
    campaign: 'store-contract',
    night: nightId(night),
    cell,
    repetition,
    startedAt: night.toISOString(),
    finishedAt: night.toISOString(),
    valid,
    ...(valid ? {} : { invalidReason: 'node lost' }),
    metrics: valid ? { 'store/WRITE/throughputOpsPerSec': 1000 + repetition } : {},
    environment: {
      gitCommit: 'abc',
      specHash: 'h',
      versions: {},
      instanceTypes: {},
      canary: {},
      where: 'local',
    },
  };
}

/** The same history layout and contract in a directory and under an S3 prefix (the local S3 server). */
describe('campaign history stores', () => {
  let server: S3Server;
  beforeAll(async () => {
    server = await startS3Server({ dir: suiteDir('campaign-s3'), buckets: ['history'] });
  });
  afterAll(async () => {
    await server.close();
  });

  const stores: [string, () => HistoryStore][] = [
    ['directory', () => directoryStore(mkdtempSync(path.join(tmpdir(), 'history-')))],
    ['s3 prefix', () => s3Store(localS3Client(server.endpoint), 'history', 'campaigns/nightly')],
  ];

  it.each(stores)(
    '%s: appends runs and reads them back in order, invalid ones included',
    async (_, make) => {
      const store = make();
      const first = new Date(Date.UTC(2026, 11, 1, 2));
      const second = new Date(Date.UTC(2026, 11, 2, 2));
      await appendRun(store, run(second, 'ts', 1, true));
      await appendRun(store, run(second, 'ts', 0, false));
      await appendRun(store, run(first, 'ts', 0, true));
      const runs = await readRuns(store, 'store-contract');
      expect(runs.map((r) => [r.night, r.repetition, r.valid])).toEqual([
        ['2026-12-01T02-00-00Z', 0, true],
        ['2026-12-02T02-00-00Z', 0, false],
        ['2026-12-02T02-00-00Z', 1, true],
      ]);
      expect(await store.list('store-contract/runs/2026-12-02T02-00-00Z/')).toEqual([
        'store-contract/runs/2026-12-02T02-00-00Z/ts/0.json',
        'store-contract/runs/2026-12-02T02-00-00Z/ts/1.json',
      ]);
      expect(await store.get(historyKeys.reportHtml('store-contract'))).toBeUndefined();
    },
  );

  it.each(stores)(
    '%s: fails if a stored run is not a run record, naming its key',
    async (_, make) => {
      const store = make();
      await store.put('broken/runs/2026-12-01T02-00-00Z/ts/0.json', '{"format":"something else"}');
      await expect(readRuns(store, 'broken')).rejects.toThrow(
        /broken\/runs\/2026-12-01T02-00-00Z\/ts\/0\.json: not a/,
      );
    },
  );
});
