import path from 'node:path';

import { harnessClient } from '../../services';
import type { LoadTestConfigInput } from '../../tests-runner/config/schema';
import { loadTestResultSchema } from '../../tests-runner/results/schema';
import { errorsAndMisses } from '../support/load-test-fixtures';
import { shortLoadTest } from '../support/load-test-run';
import { integrationServices } from '../support/services';

/** Short runs through the embedded store as a load-test target, against the real Cassandra. */
describe('load test against real Cassandra (store target)', () => {
  const { cassandra } = integrationServices();

  const run = (settings: Partial<LoadTestConfigInput>) =>
    shortLoadTest('store', 'it_load_store', settings);

  it.each(['long', 'person', 'bytes'] as const)(
    'runs every workload with verified reads on %s values: no errors, no misses',
    async (generator) => {
      const result = await run({
        workloads: ['WRITE', 'BULK_WRITE', 'READ', 'BULK_READ', 'MIXED'],
        verifyReads: true,
        values: { generator, sizeBytes: 256 },
      });
      expect(loadTestResultSchema.safeParse(result).success).toBe(true);
      expect(result.target.kind).toBe('store');
      expect(errorsAndMisses(result)).toEqual(
        ['WRITE', 'BULK_WRITE', 'READ', 'BULK_READ', 'MIXED'].map((n) => [n, true, 0, 0]),
      );
    },
  );

  it('uses the table layout of the driver target when no descriptor is given', async () => {
    await run({ workloads: ['WRITE'], values: { generator: 'person' } });
    const client = harnessClient(cassandra);
    await client.connect();
    try {
      const columns = await client.execute(
        "select column_name, type from system_schema.columns where keyspace_name = 'it_load_store' and table_name = 'store_long_person'",
      );
      const types = Object.fromEntries(
        columns.rows.map((r) => [String(r.get('column_name')), String(r.get('type'))]),
      );
      expect(types).toEqual({
        key: 'bigint',
        person_number: 'bigint',
        first_name: 'text',
        last_name: 'text',
        age: 'int',
        married: 'boolean',
        height: 'bigint',
        weight: 'double',
        birth_date: 'timestamp',
        phones: 'list<text>',
      });
    } finally {
      await client.shutdown();
    }
  });

  it('groups bulk calls as configured (store.bulkGrouping), with every read verified', async () => {
    for (const bulkGrouping of ['partition', 'replica'] as const) {
      const result = await run({
        workloads: ['BULK_WRITE', 'BULK_READ', 'BULK_DELETE'],
        verifyReads: true,
        store: { bulkGrouping, maxPartitionsPerRequest: 3 },
      });
      expect(result.target.description).toContain(`bulk calls grouped by ${bulkGrouping}`);
      expect(errorsAndMisses(result)).toEqual([
        ['BULK_WRITE', true, 0, 0],
        ['BULK_READ', true, 0, 0],
        ['BULK_DELETE', true, 0, 0],
      ]);
    }
  });

  it('uses a persistence descriptor of the original (load.tests.persistence.settings)', async () => {
    const result = await run({
      workloads: ['BULK_WRITE', 'BULK_READ', 'BULK_DELETE'],
      verifyReads: true,
      persistenceSettings: path.join(
        __dirname,
        '..',
        'fixtures',
        'descriptors',
        'primitive-long.xml',
      ),
    });
    expect(result.target.description).toContain('table test1.primitive_test1');
    expect(errorsAndMisses(result)).toEqual([
      ['BULK_WRITE', true, 0, 0],
      ['BULK_READ', true, 0, 0],
      ['BULK_DELETE', true, 0, 0],
    ]);
  });
});
