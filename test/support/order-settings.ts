import { persistenceSettings, type PersistenceSettings } from '../../store';

/**
 * Typed settings of an order cache for unit tests: a POJO key (partition + clustering field) and
 * a POJO value with a decimal, an int, a set, a uuid and a serialized field.
 */
export function orderSettings(): PersistenceSettings {
  return persistenceSettings({
    keyspace: 'ks',
    key: {
      strategy: 'POJO',
      class: 'com.acme.OrderId',
      partitionKey: [{ name: 'customer', type: 'text' }],
      clusterKey: [{ name: 'orderNo', type: 'bigint' }],
    },
    value: {
      strategy: 'POJO',
      class: 'com.acme.Order',
      fields: [
        { name: 'amount', type: 'decimal' },
        { name: 'qty', type: 'int' },
        { name: 'tags', type: 'set<text>' },
        { name: 'ref', type: 'uuid' },
        { name: 'notes', serialized: true },
      ],
    },
  });
}
