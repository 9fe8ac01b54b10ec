import IgniteClient from 'apache-ignite-client';

import { integrationServices } from '../support/services';

describe('local Ignite (real, one server node)', () => {
  const { ignite } = integrationServices();
  const client = new IgniteClient();

  beforeAll(async () => {
    await client.connect(new IgniteClient.IgniteClientConfiguration(...ignite));
  });
  afterAll(() => {
    client.disconnect();
  });

  it('serves the thin-client protocol: put, get, putAll, getAll, remove', async () => {
    const cache = (await client.getOrCreateCache<number, string>('it_smoke'))
      .setKeyType(IgniteClient.ObjectType.PRIMITIVE_TYPE.LONG)
      .setValueType(IgniteClient.ObjectType.PRIMITIVE_TYPE.STRING);
    await cache.put(1, 'one');
    expect(await cache.get(1)).toBe('one');
    await cache.putAll([2, 3, 4].map((k) => new IgniteClient.CacheEntry(k, `v${k}`)));
    const all = await cache.getAll([1, 2, 3, 4]);
    expect(new Map(all.map((e) => [e.getKey(), e.getValue()]))).toEqual(
      new Map([
        [1, 'one'],
        [2, 'v2'],
        [3, 'v3'],
        [4, 'v4'],
      ]),
    );
    await cache.removeKeys([1, 2]);
    expect(await cache.getSize()).toBe(2);
  });
});
