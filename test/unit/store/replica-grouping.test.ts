import driver from 'cassandra-driver';

import { CassandraStore, DataSource, persistenceSettings, type WarningEvent } from '../../../store';

/** The store decides its bulk grouping in its constructor; no connection is made here. */
describe('replica grouping', () => {
  const ds = new DataSource({ contactPoints: ['127.0.0.1:9042'] });
  afterAll(async () => {
    await ds.close();
  });

  function storeWith(keyType: string, warnings: WarningEvent[]): CassandraStore {
    return new CassandraStore({
      dataSource: ds,
      settings: persistenceSettings({
        keyspace: 'shop',
        table: 'items',
        key: { strategy: 'PRIMITIVE', type: keyType },
        value: { strategy: 'PRIMITIVE', type: 'text' },
      }),
      hooks: { onWarning: (e) => warnings.push(e) },
    });
  }

  it('reports through the hooks when it cannot group bulk calls by replica', () => {
    // Every type the settings accept has an encoder today; a driver without one must not go unnoticed.
    const { dataTypes } = driver.types as unknown as {
      dataTypes: { getByName(n: string): unknown };
    };
    const spy = jest.spyOn(dataTypes, 'getByName').mockImplementation((name) => {
      throw new TypeError(`Data type with name ${name} not valid`);
    });
    const warnings: WarningEvent[] = [];
    try {
      storeWith('bigint', warnings);
    } finally {
      spy.mockRestore();
    }
    expect(warnings).toEqual([
      expect.objectContaining({
        code: 'replica-grouping-disabled',
        table: 'shop.items',
        message: expect.stringMatching(
          /partition column type bigint \(Data type with name bigint not valid\)/,
        ) as unknown,
      }),
    ]);
  });

  it('reports nothing when it can', () => {
    const warnings: WarningEvent[] = [];
    storeWith('bigint', warnings);
    expect(warnings).toEqual([]);
  });
});
