import IgniteClient from 'apache-ignite-client';

import {
  complexTypeOf,
  pojo,
  sideType,
  uuidFromClient,
  uuidToClient,
} from '../../../ignite/thin-client';
import { igniteBinaryHash } from '../../../ignite/thin-client-hash';
import { persistenceSettings } from '../../../store';
import { orderSettings } from '../../support/order-settings';

const P = IgniteClient.ObjectType.PRIMITIVE_TYPE;

describe('thin-client helpers', () => {
  const settings = orderSettings();

  it('types every field from its CQL column, sets and lists as typed arrays, in store order', () => {
    const type = complexTypeOf(settings, 'value') as unknown as {
      _typeName: string;
      _fields: Map<string, unknown>;
    };
    expect(type._typeName).toBe('com.acme.Order');
    // The serialized field has no column type: the client infers its type.
    expect([...type._fields]).toEqual([
      ['amount', P.DECIMAL],
      ['qty', P.INTEGER],
      ['tags', P.STRING_ARRAY],
      ['ref', P.UUID],
      ['notes', null],
    ]);
    const key = complexTypeOf(settings, 'key') as unknown as { _fields: Map<string, unknown> };
    expect([...key._fields]).toEqual([
      ['customer', P.STRING],
      ['orderNo', P.LONG],
    ]);
    const primitive = persistenceSettings({
      keyspace: 'ks',
      key: { strategy: 'PRIMITIVE', type: 'java.lang.Long' },
      value: { strategy: 'BLOB' },
    });
    expect(sideType(primitive, 'key')).toBe(P.LONG);
    expect(sideType(primitive, 'value')).toBeNull();
  });

  it('builds POJOs with every field present, in order, and refuses unknown fields', () => {
    const value = pojo(settings, 'value', {
      ref: '123e4567-e89b-12d3-a456-426614174000',
      amount: '1.50',
      qty: 2,
    });
    expect(Object.keys(value)).toEqual(['amount', 'qty', 'tags', 'ref', 'notes']);
    expect(String(value.amount)).toBe('1.5');
    expect(value.tags).toBeNull();
    expect(() => pojo(settings, 'value', { colour: 'red' })).toThrow(
      /value field colour is not in the persistence settings/,
    );
  });

  it('fails if a numeric field has no value (the client cannot write null for it)', () => {
    expect(() => pojo(settings, 'value', { amount: '1' })).toThrow(
      /value field qty \(int\) has no value; apache-ignite-client 1.0.0 cannot write null for int fields/,
    );
  });

  it('puts UUID bytes in the order Ignite reads them (two little-endian longs)', () => {
    const bytes = uuidToClient('00112233-4455-6677-8899-aabbccddeeff');
    expect(Buffer.from(bytes).toString('hex')).toBe('7766554433221100ffeeddccbbaa9988');
    expect(uuidFromClient(bytes)).toBe('00112233-4455-6677-8899-aabbccddeeff');
  });

  it("computes Ignite's binary hash (signed bytes)", () => {
    // Field data of a key {customer: "c9", orderNo: 3} as Ignite's builder wrote it, and the hash
    // Ignite put in its header.
    const data = Buffer.from('09020000006339040300000000000000', 'hex');
    expect(igniteBinaryHash(data, 0, data.length)).toBe(0x74021285);
    // Bytes above 0x7f count as negative, as Java bytes do.
    expect(igniteBinaryHash(Buffer.from([0xff]), 0, 1)).toBe(31 - 1);
  });
});
