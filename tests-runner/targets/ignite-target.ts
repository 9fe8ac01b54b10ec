/**
 * Ignite through the Node.js thin client (`apache-ignite-client`): put, putAll, get, getAll,
 * removeKey and removeKeys on a cache the servers run with their cache store (read-through,
 * write-through), so every call measures Ignite plus the store behind it.
 *
 * Keys and values are typed from persistence settings, exactly as the store on the servers maps
 * them: the descriptor (`persistenceSettings`) when one is given, else the store target's layout of
 * the generators. The client writes JS numbers as DOUBLE unless told otherwise, and Ignite fixes a
 * binary field's type on first write, so every `bigint` column is declared LONG here. Values are
 * converted by `ignite/thin-client.ts` (the client has no bigint support: bigints go out as safe
 * integers and come back as bigints).
 *
 * The target does not create the cache: one created by a client has no store and would persist
 * nothing. Configure it on the servers (`IgniteStoreCluster`, or the test bed's Ignite fleet).
 */
import IgniteClient from 'apache-ignite-client';

import { UsageError } from '../../common/errors';
import { waitFor } from '../../common/wait';
import {
  fromClientValue,
  pojoReader,
  pojoWriter,
  toClientValue,
  typedCache,
} from '../../ignite/thin-client';
import type { PersistenceSettings } from '../../store';
import { CallTimeoutError, DeadlineTracker } from './private/deadlines';
import { descriptorSettings, generatorSettings } from './store-target';
import type { Target, TargetContext, TargetDefinition } from './target';

const { CacheEntry, Errors } = IgniteClient;

type Convert = (value: unknown) => unknown;
const same: Convert = (v) => v;

/** How one side (key or value) of the cache goes to the client, and how its answer comes back. */
function sideConverters(
  settings: PersistenceSettings,
  side: 'key' | 'value',
): { to: Convert; from: Convert } {
  const p = settings[side];
  switch (p.strategy) {
    case 'PRIMITIVE':
      return { to: (v) => toClientValue(v, p.type), from: (v) => fromClientValue(v, p.type) };
    case 'BLOB':
      return { to: same, from: same };
    case 'POJO': {
      const write = pojoWriter(settings, side);
      return { to: (v) => write(v as Record<string, unknown>), from: pojoReader(settings, side) };
    }
  }
}

/** Error kinds of the thin client, as counted in results. */
export function classifyIgniteError(error: unknown): string {
  if (error instanceof CallTimeoutError) return 'client-timeout';
  if (error instanceof Errors.LostConnectionError) return 'lost-connection';
  if (error instanceof Errors.IllegalStateError) return 'not-connected';
  if (error instanceof Errors.OperationError) {
    // The server's message names the Java exception; the store's failures are the usual reason.
    const m = error.message;
    if (/CacheWriterException/.test(m)) return 'store-write';
    if (/CacheLoaderException/.test(m)) return 'store-load';
    if (/timed? ?out/i.test(m)) return 'server-timeout';
    return 'server-error';
  }
  if (error instanceof Errors.IgniteClientError) return 'client-error';
  if (error instanceof RangeError) return 'value-range';
  return error instanceof Error ? error.name : 'unknown';
}

/** The cache the target calls: `ignite.cache`, else `tableName`, else one per generator pair. */
export function igniteCacheName(context: TargetContext): string {
  const { config } = context;
  return (
    config.ignite.cache ??
    config.tableName ??
    `load_${config.keys.generator}_${config.values.generator}`
  );
}

export function createIgniteTarget(context: TargetContext): Target {
  const { config } = context;
  const ig = config.ignite;
  const settings = config.persistenceSettings
    ? descriptorSettings(config.persistenceSettings, context)
    : generatorSettings(context);
  if (settings.key.strategy === 'POJO') {
    throw new UsageError(
      `the key of ${config.persistenceSettings ?? 'the settings'} is a POJO; the ${config.keys.generator} key generator makes ${config.keys.generator === 'long' ? 'longs' : 'strings'}`,
      { hint: 'Use a descriptor whose keyPersistence is PRIMITIVE.' },
    );
  }
  const cacheName = igniteCacheName(context);
  const key = sideConverters(settings, 'key');
  const value = sideConverters(settings, 'value');
  const deadlines = new DeadlineTracker(ig.requestTimeoutMs);
  let connected = false;
  const client = new IgniteClient((state, reason) => {
    if (state === IgniteClient.STATE.DISCONNECTED && connected) {
      context.log(`ignite: disconnected${reason ? ` (${reason})` : ''}; the client reconnects`);
    }
  });
  const cache = typedCache<unknown, unknown>(client, cacheName, settings);

  return {
    description: `ignite → ${ig.endpoints.join(', ')}, cache ${cacheName}`,
    async setUp() {
      // Nodes that are still starting refuse connections: retry until the deadline.
      const configuration = new IgniteClient.IgniteClientConfiguration(...ig.endpoints);
      await waitFor(
        () => deadlines.run('connect', client.connect(configuration)).then(() => true),
        {
          description: `an Ignite node at ${ig.endpoints.join(', ')} to accept the thin client (ignite.endpoints)`,
          timeoutMs: ig.connectTimeoutMs,
          intervalMs: 500,
        },
      );
      connected = true;
      const names = await deadlines.run('cacheNames', client.cacheNames());
      if (!names.includes(cacheName)) {
        throw new UsageError(
          `Ignite at ${ig.endpoints.join(', ')} has no cache ${cacheName} (caches: ${names.sort().join(', ') || 'none'})`,
          {
            hint: 'Set ignite.cache to a cache the servers run with their store; the target does not create caches (one without a store would persist nothing).',
          },
        );
      }
    },
    write: (k, v) => deadlines.run('put', cache.put(key.to(k), value.to(v))),
    writeAll: (entries) =>
      deadlines.run(
        'putAll',
        cache.putAll(entries.map(([k, v]) => new CacheEntry(key.to(k), value.to(v)))),
      ),
    async read(k) {
      const v = await deadlines.run('get', cache.get(key.to(k)));
      return v === null ? undefined : value.from(v);
    },
    async readAll(keys) {
      // The client returns its own key objects: map them back to the caller's keys.
      const byClientKey = new Map<unknown, unknown>();
      for (const k of keys) byClientKey.set(key.to(k), k);
      const entries = await deadlines.run('getAll', cache.getAll([...byClientKey.keys()]));
      const found = new Map<unknown, unknown>();
      for (const e of entries) {
        const v = e.getValue();
        if (v !== null)
          found.set(byClientKey.get(e.getKey()) ?? key.from(e.getKey()), value.from(v));
      }
      return found;
    },
    async delete(k) {
      await deadlines.run('removeKey', cache.removeKey(key.to(k)));
    },
    deleteAll: (keys) => deadlines.run('removeKeys', cache.removeKeys(keys.map(key.to))),
    classifyError: classifyIgniteError,
    tearDown() {
      deadlines.close();
      if (connected) client.disconnect();
      connected = false;
      return Promise.resolve();
    },
  };
}

export const igniteTarget: TargetDefinition = {
  summary:
    'Ignite through the Node.js thin client, on a cache the servers persist with their store',
  create: createIgniteTarget,
};
