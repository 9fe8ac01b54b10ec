import { affinityKey, column, persistenceSettings, SettingsError, transient } from '../../../store';

const base = { keyspace: 'shop', table: 't' } as const;

describe('typed settings object and decorators', () => {
  it('builds the same model as XML for PRIMITIVE keys and values (CQL types or Java class names)', () => {
    const s = persistenceSettings({
      ...base,
      key: { strategy: 'PRIMITIVE', type: 'java.lang.Long' },
      value: { strategy: 'PRIMITIVE', type: 'text', column: 'v' },
    });
    expect(s.key).toMatchObject({ strategy: 'PRIMITIVE', column: 'key', type: { name: 'bigint' } });
    expect(s.value).toMatchObject({ column: 'v', type: { name: 'text' } });
    expect(s.keyspaceOptions).toMatch(/SimpleStrategy.*replication_factor' : 3/);
  });

  it('makes affinity fields the partition key and the other key fields clustering columns', () => {
    class Id {
      @affinityKey() region = '';
      @affinityKey() @column({ name: 'shop_id' }) shop = '';
      @column({ type: 'int', descending: true }) seq = 0;
      @column({ type: 'timestamp' }) at = new Date();
    }
    const s = persistenceSettings({
      ...base,
      key: { strategy: 'POJO', class: Id },
      value: { strategy: 'BLOB' },
    });
    if (s.key.strategy !== 'POJO') throw new Error();
    expect(s.key.partitionKey.map((f) => f.column)).toEqual(['region', 'shop_id']);
    expect(s.key.clusterKey.map((f) => [f.column, f.sort])).toEqual([
      ['seq', 'desc'],
      ['at', undefined],
    ]);
  });

  it('makes every key field the partition key when none is an affinity field', () => {
    class Id {
      a = '';
      b = true;
    }
    const s = persistenceSettings({
      ...base,
      key: { strategy: 'POJO', class: Id },
      value: { strategy: 'BLOB' },
    });
    if (s.key.strategy !== 'POJO') throw new Error();
    expect(s.key.partitionKey.map((f) => f.column)).toEqual(['a', 'b']);
    expect(s.key.clusterKey).toEqual([]);
  });

  it('keeps affinity fields of a superclass (the original ignored them)', () => {
    class BaseId {
      @affinityKey() tenant = '';
    }
    class Id extends BaseId {
      @column({ type: 'bigint' }) n = 0n;
    }
    const s = persistenceSettings({
      ...base,
      key: { strategy: 'POJO', class: Id },
      value: { strategy: 'BLOB' },
    });
    if (s.key.strategy !== 'POJO') throw new Error();
    expect(s.key.partitionKey.map((f) => f.name)).toEqual(['tenant']);
    expect(s.key.clusterKey.map((f) => f.name)).toEqual(['n']);
  });

  it('infers types from default values, lower-cases column names, and stores objects serialized', () => {
    class V {
      firstName = '';
      active = true;
      big = 0n;
      when = new Date(0);
      bytes = Buffer.alloc(0);
      tags: string[] = [];
      @column({ type: 'map<text, int>' }) counts = new Map<string, number>();
      @transient() scratch = 1;
    }
    const s = persistenceSettings({
      ...base,
      key: { strategy: 'PRIMITIVE', type: 'int' },
      value: { strategy: 'POJO', class: V },
    });
    if (s.value.strategy !== 'POJO') throw new Error();
    expect(
      s.value.fields.map((f) => [f.column, f.serialized ? 'serialized' : JSON.stringify(f.type)]),
    ).toEqual([
      ['firstname', '{"kind":"native","name":"text"}'],
      ['active', '{"kind":"native","name":"boolean"}'],
      ['big', '{"kind":"native","name":"bigint"}'],
      ['when', '{"kind":"native","name":"timestamp"}'],
      ['bytes', '{"kind":"native","name":"blob"}'],
      ['tags', 'serialized'],
      ['counts', '{"kind":"map","key":"text","value":"int"}'],
    ]);
  });

  it('maps indexes (classic, SAI, custom), static columns and calculated getters', () => {
    class Id {
      @affinityKey() p = '';
      @column({ type: 'int' }) c = 0;
    }
    class V {
      @column({ index: true }) a = '';
      @column({ index: 'sai' }) b = '';
      @column({ index: { class: 'org.example.MyIndex', options: "{'k': 'v'}" } }) c2 = '';
      @column({ static: true }) s = '';
      first = 'x';
      @column({ name: 'full' })
      get full(): string {
        return `${this.first}!`;
      }
    }
    const s = persistenceSettings({
      ...base,
      key: { strategy: 'POJO', class: Id },
      value: { strategy: 'POJO', class: V },
    });
    if (s.value.strategy !== 'POJO') throw new Error();
    const f = new Map(s.value.fields.map((x) => [x.name, x]));
    expect(f.get('a')?.index).toEqual({ kind: 'classic' });
    expect(f.get('b')?.index).toEqual({ kind: 'sai' });
    expect(f.get('c2')?.index).toEqual({
      kind: 'custom',
      indexClass: 'org.example.MyIndex',
      options: "options = {'k': 'v'}",
    });
    expect(f.get('s')?.static).toBe(true);
    expect(f.get('full')).toMatchObject({
      calculated: true,
      column: 'full',
      type: { name: 'text' },
    });
  });

  it('asks for a CQL type where TypeScript cannot tell (number)', () => {
    class V {
      amount = 0;
    }
    expect(() =>
      persistenceSettings({
        ...base,
        key: { strategy: 'PRIMITIVE', type: 'int' },
        value: { strategy: 'POJO', class: V },
      }),
    ).toThrow(/V\.amount: the type of field "amount" of V is unknown: it is a number/);
    try {
      persistenceSettings({
        ...base,
        key: { strategy: 'PRIMITIVE', type: 'int' },
        value: { strategy: 'POJO', class: V },
      });
    } catch (error) {
      expect((error as SettingsError).hint).toContain("@column({ type: 'int' }) amount");
    }
  });

  it('needs a constructor callable without arguments', () => {
    class V {
      constructor(readonly needed?: { x: number }) {
        if (needed === undefined) throw new Error('needed is required');
      }
    }
    expect(() =>
      persistenceSettings({
        ...base,
        key: { strategy: 'PRIMITIVE', type: 'int' },
        value: { strategy: 'POJO', class: V as unknown as new () => object },
      }),
    ).toThrow(/class V cannot be constructed without arguments: needed is required/);
  });

  it('rejects an unknown strategy in an untyped object', () => {
    const input = {
      ...base,
      key: { strategy: 'JSON' },
      value: { strategy: 'BLOB' },
    } as unknown as Parameters<typeof persistenceSettings>[0];
    expect(() => persistenceSettings(input)).toThrow(SettingsError);
  });
});
