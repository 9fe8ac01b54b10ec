import { ARRAY_OF, Tag } from '../../../ignite/protocol/constants';
import { WireReader } from '../../../ignite/protocol/reader';
import { fieldRecord, WireObject } from '../../../ignite/protocol/values';
import { WireWriter } from '../../../ignite/protocol/writer';
import { cacheMapping } from '../../../ignite/sidecar/mapping';
import { MappingError, persistenceSettings } from '../../../store';
import { orderSettings } from '../../support/order-settings';

/** How keys and values cross between the wire and the store, per strategy. */
describe('cache mapping (wire ↔ store)', () => {
  const orders = orderSettings();
  const mapping = cacheMapping('orders', orders);

  /** Writes with `write` and reads the bytes back, as the bridge would see them. */
  const roundTrip = (write: (w: WireWriter) => void): unknown => {
    const w = WireWriter.bare();
    write(w);
    return new WireReader(w.bytes(), 0).value();
  };

  it('hands POJO fields to the store and checks the binary type name', () => {
    const key = new WireObject('com.acme.OrderId', { customer: 'c', orderNo: 1n });
    expect({ ...(mapping.key.fromWire(key) as object) }).toEqual({ customer: 'c', orderNo: 1n });
    expect(() => mapping.key.fromWire(new WireObject('com.acme.Other', {}))).toThrow(
      /cache orders: the key is a binary object of type com.acme.Other, but the persistence settings map com.acme.OrderId/,
    );
    expect(() => mapping.value.fromWire(5n)).toThrow(MappingError);
  });

  it('sends POJOs back in settings order, every field typed by its column', () => {
    const back = roundTrip((w) => {
      mapping.key.write(w, { orderNo: 7n, customer: 'c' });
    }) as WireObject;
    expect(back.typeName).toBe('com.acme.OrderId');
    expect(Object.keys(back.fields)).toEqual(['customer', 'orderNo']);
    expect(back.types).toEqual({ customer: 'string', orderNo: 'long' });

    const value = roundTrip((w) => {
      mapping.value.write(w, {
        amount: '1.5',
        qty: 3,
        tags: ['a'],
        ref: null,
        notes: { free: 'form' },
      });
    }) as WireObject;
    // Sets become typed arrays (String[]); serialized fields carry no declared type.
    expect(value.types).toEqual({
      amount: 'decimal',
      qty: 'int',
      tags: { array: 'string' },
      ref: 'uuid',
      notes: 'any',
    });
    expect({ ...value.fields }).toEqual({
      amount: '1.5',
      ref: null,
      qty: 3,
      tags: ['a'],
      notes: new Map([['free', 'form']]),
    });
  });

  it('declares list and set fields as Ignite arrays on the wire', () => {
    const w = WireWriter.bare();
    mapping.value.write(w, { amount: null, qty: null, tags: null, ref: null, notes: null });
    const bytes = w.bytes();
    // Tag, type name, field count, then per field its name, declared tag and value.
    const r = new WireReader(bytes, 0);
    r.u8();
    r.str();
    const declared = Array.from({ length: r.u16() }, () => {
      const name = r.str();
      const tag = r.u8();
      r.value();
      return [name, tag];
    });
    expect(declared).toEqual([
      ['amount', Tag.DECIMAL],
      ['qty', Tag.INT],
      ['tags', ARRAY_OF | Tag.STRING],
      ['ref', Tag.UUID],
      ['notes', Tag.NULL],
    ]);
  });

  it('types PRIMITIVE values by their column and refuses objects', () => {
    const longs = cacheMapping(
      'longs',
      persistenceSettings({
        keyspace: 'ks',
        key: { strategy: 'PRIMITIVE', type: 'bigint' },
        value: { strategy: 'PRIMITIVE', type: 'smallint' },
      }),
    );
    expect(
      roundTrip((w) => {
        longs.key.write(w, 5);
      }),
    ).toBe(5n);
    const bytes = (() => {
      const w = WireWriter.bare();
      longs.value.write(w, 7);
      return w.bytes();
    })();
    expect(bytes[0]).toBe(Tag.SHORT);
    expect(() => longs.key.fromWire(new WireObject('X', {}))).toThrow(/PRIMITIVE key/);
  });

  it('stores BLOB objects as plain records and rebuilds them as the descriptor class', () => {
    const blobs = cacheMapping(
      'blobs',
      persistenceSettings({
        keyspace: 'ks',
        key: { strategy: 'PRIMITIVE', type: 'bigint' },
        value: { strategy: 'BLOB' },
      }),
      { valueType: 'com.acme.Doc' },
    );
    const fields = fieldRecord();
    fields.title = 'x';
    fields.author = new WireObject('com.acme.Person', { name: 'Ann' });
    expect(blobs.value.fromWire(new WireObject('com.acme.Doc', fields))).toEqual(
      Object.assign(Object.create(null) as object, {
        title: 'x',
        author: Object.assign(Object.create(null) as object, { name: 'Ann' }),
      }),
    );
    expect(() => blobs.value.fromWire(new WireObject('com.acme.Other', {}))).toThrow(
      /cannot be stored as a BLOB and read back as that type/,
    );
    const back = roundTrip((w) => {
      blobs.value.write(w, { title: 'x' });
    }) as WireObject;
    expect(back.typeName).toBe('com.acme.Doc');
    expect(
      roundTrip((w) => {
        blobs.value.write(w, 'plain text');
      }),
    ).toBe('plain text');
  });
});
