import { UsageError } from '../../../common/errors';
import {
  ORIGINAL_STORE_FACTORY,
  renderCacheBean,
  TS_STORE_FACTORY,
  type CacheOptions,
  type StoreBinding,
} from '../../../ignite/cache-config';
import { renderIgniteSpringXml } from '../../../ignite/spring-config';
import { parseXml, type XmlElement } from '../../../store/settings/xml';

const ts: StoreBinding = { kind: 'ts' };

/** The `<property name=… value=…>` children of a bean, as a record. */
function properties(bean: XmlElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of bean.children.filter((c) => c.name === 'property')) {
    const value = p.attributes.get('value');
    if (value !== undefined) out[p.attributes.get('name') ?? ''] = value;
  }
  return out;
}

function property(bean: XmlElement, name: string): XmlElement {
  const p = bean.children.find((c) => c.name === 'property' && c.attributes.get('name') === name);
  if (!p) throw new Error(`no property ${name}`);
  return p;
}

const parse = (cache: CacheOptions, store: StoreBinding = ts): XmlElement =>
  parseXml(renderCacheBean(cache, store));

describe('renderCacheBean', () => {
  it('renders a read/write-through cache of the TS store with binary objects kept', () => {
    const bean = parse(
      { name: 'people', atomicity: 'TRANSACTIONAL', backups: 1 },
      { kind: 'ts', callTimeoutMs: 5000 },
    );
    expect(properties(bean)).toEqual({
      name: 'people',
      atomicityMode: 'TRANSACTIONAL',
      cacheMode: 'PARTITIONED',
      backups: '1',
      readThrough: 'true',
      writeThrough: 'true',
      storeKeepBinary: 'true',
    });
    const factory = property(bean, 'cacheStoreFactory').children[0]!;
    expect(factory.attributes.get('class')).toBe(TS_STORE_FACTORY);
    expect(properties(factory)).toEqual({ callTimeoutMs: '5000' });
  });

  it('renders write-behind with Ignite defaults for what is not given', () => {
    expect(
      properties(parse({ name: 'c', writeBehind: { flushFrequencyMs: 1000, coalescing: false } })),
    ).toMatchObject({
      writeBehindEnabled: 'true',
      writeBehindFlushSize: '10240',
      writeBehindFlushFrequency: '1000',
      writeBehindBatchSize: '512',
      writeBehindFlushThreadCount: '1',
      writeBehindCoalescing: 'false',
    });
  });

  it('renders an expiry policy factory with a millisecond duration', () => {
    const expiry = property(
      parse({ name: 'c', expiry: { policy: 'accessed', durationMs: 1500 } }),
      'expiryPolicyFactory',
    );
    const policy = expiry.children[0]!;
    expect(policy.attributes.get('class')).toBe('javax.cache.expiry.AccessedExpiryPolicy');
    expect(policy.attributes.get('factory-method')).toBe('factoryOf');
    const duration = policy.children[0]!.children[0]!;
    expect(
      duration.children.map((a) => [a.attributes.get('type'), a.attributes.get('value')]),
    ).toEqual([
      ['java.util.concurrent.TimeUnit', 'MILLISECONDS'],
      ['long', '1500'],
    ]);
  });

  it('renders the original store with its data source and descriptor, objects deserialized', () => {
    const bean = parse(
      { name: 'p', cacheMode: 'REPLICATED' },
      {
        kind: 'original',
        descriptorFile: '/d/p & q.xml',
        contactPoints: ['10.0.0.1', '10.0.0.2'],
        port: 9142,
      },
    );
    expect(properties(bean)).toMatchObject({ storeKeepBinary: 'false', cacheMode: 'REPLICATED' });
    expect(properties(bean).backups).toBeUndefined();
    const factory = property(bean, 'cacheStoreFactory').children[0]!;
    expect(factory.attributes.get('class')).toBe(ORIGINAL_STORE_FACTORY);
    const dataSource = property(factory, 'dataSource').children[0]!;
    expect(properties(dataSource)).toEqual({
      port: '9142',
      readConsistency: 'LOCAL_ONE',
      writeConsistency: 'LOCAL_ONE',
    });
    const settings = property(factory, 'persistenceSettings').children[0]!;
    expect(settings.children[0]!.attributes.get('value')).toBe('file:/d/p & q.xml');
  });

  it('fits into a node configuration that parses as XML', () => {
    const xml = renderIgniteSpringXml({
      instanceName: 'n',
      localAddress: '127.0.0.1',
      discoveryAddresses: ['127.0.0.1:47500'],
      workDirectory: '/tmp/w',
      cacheBeans: [
        renderCacheBean({ name: 'a' }, ts),
        renderCacheBean({ name: 'b', expiry: { policy: 'created', durationMs: 1 } }, ts),
      ],
      thinClient: { maxActiveComputeTasksPerConnection: 4, sendServerStackTraces: true },
      binaryClassNames: ['com.acme.Person'],
    });
    const root = parseXml(xml);
    expect(root.name).toBe('beans');
    expect(xml).toContain('<property name="maxActiveComputeTasksPerConnection" value="4"/>');
    expect(xml).toContain(
      '<property name="serverToClientExceptionStackTraceSending" value="true"/>',
    );
    expect(xml).toContain('<value>com.acme.Person</value>');
  });

  const failsWith = (cache: CacheOptions, pattern: RegExp, store: StoreBinding = ts) => {
    expect(() => renderCacheBean(cache, store)).toThrow(UsageError);
    expect(() => renderCacheBean(cache, store)).toThrow(pattern);
  };

  it('fails if the name is empty', () => {
    failsWith({ name: ' ' }, /a cache needs a name/);
  });
  it('fails if the atomicity mode is unknown', () => {
    failsWith(
      { name: 'c', atomicity: 'ATOMICAL' as never },
      /cache c: atomicity must be one of ATOMIC, TRANSACTIONAL, got "ATOMICAL"/,
    );
  });
  it('fails if backups are out of range or set on a REPLICATED cache', () => {
    failsWith(
      { name: 'c', backups: -1 },
      /cache c: backups must be an integer from 0 to 16, got -1/,
    );
    failsWith(
      { name: 'c', backups: 1, cacheMode: 'REPLICATED' },
      /backups applies to PARTITIONED caches only/,
    );
  });
  it('fails if write-behind comes without write-through', () => {
    failsWith(
      { name: 'c', writeThrough: false, writeBehind: {} },
      /writeBehind needs writeThrough/,
    );
  });
  it('fails if write-behind would never flush', () => {
    failsWith(
      { name: 'c', writeBehind: { flushSize: 0, flushFrequencyMs: 0 } },
      /nothing would ever flush/,
    );
  });
  it('fails if the expiry is not positive or its policy unknown', () => {
    failsWith(
      { name: 'c', expiry: { policy: 'created', durationMs: 0 } },
      /expiry.durationMs must be an integer from 1/,
    );
    failsWith(
      { name: 'c', expiry: { policy: 'never' as never, durationMs: 5 } },
      /expiry.policy must be one of created, modified, accessed, touched/,
    );
  });
  it('fails if the store options are out of range', () => {
    failsWith({ name: 'c' }, /store.loadCacheWindowChunks must be an integer from 1 to 64, got 0/, {
      kind: 'ts',
      loadCacheWindowChunks: 0,
    });
    failsWith({ name: 'c' }, /store.contactPoints is empty/, {
      kind: 'original',
      descriptorFile: '/d.xml',
      contactPoints: [],
    });
  });
});
