import {
  CassandraStore,
  loadPersistenceXml,
  SettingsError,
  type DataSource,
  type PersistenceSettings,
  type PojoClass,
  type StoreHooks,
} from '../../store';
import { SidecarConfigError, type SidecarCacheConfig, type SidecarConfig } from './config';
import { cacheMapping, type CacheMapping } from './mapping';

/** One Ignite cache as the sidecar serves it: its store and how its keys and values cross. */
export interface CacheBinding {
  readonly name: string;
  readonly store: CassandraStore;
  readonly mapping: CacheMapping;
  readonly settings: PersistenceSettings;
}

/** Loads a named export of a TS/JS module (the sidecar runs under tsx, so .ts works). */
function loadExport(file: string, name: string, key: string): unknown {
  let mod: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- modules named in a config file
    mod = require(file) as Record<string, unknown>;
  } catch (error) {
    throw new SidecarConfigError(`${key}: cannot load ${file}: ${(error as Error).message}`, {
      hint: 'Check the module path and that it compiles.',
    });
  }
  if (!(name in mod)) {
    throw new SidecarConfigError(
      `${key}: ${file} has no export "${name}" (it exports ${Object.keys(mod).join(', ') || 'nothing'})`,
      {
        hint: 'Name the export holding the settings (settingsExport / classesExport).',
      },
    );
  }
  return mod[name];
}

function isSettings(v: unknown): v is PersistenceSettings {
  const s = v as Partial<PersistenceSettings> | undefined;
  return (
    typeof s?.keyspace === 'string' &&
    typeof s.key?.strategy === 'string' &&
    typeof s.value?.strategy === 'string'
  );
}

async function settingsOf(
  cache: string,
  c: SidecarCacheConfig,
  warn: (message: string) => void,
): Promise<PersistenceSettings> {
  const key = `caches.${cache}`;
  const classes = c.classesModule
    ? (loadExport(c.classesModule, c.classesExport ?? 'default', `${key}.classesModule`) as Record<
        string,
        PojoClass
      >)
    : undefined;
  if (c.descriptor) {
    return loadPersistenceXml(c.descriptor, { ...(classes ? { classes } : {}), warn });
  }
  const settings = loadExport(
    c.settingsModule as string,
    c.settingsExport ?? 'default',
    `${key}.settingsModule`,
  );
  if (!isSettings(settings)) {
    throw new SidecarConfigError(
      `${key}: export "${c.settingsExport ?? 'default'}" of ${c.settingsModule} is not persistence settings`,
      {
        hint: 'Export the result of persistenceSettings({...}) from the store package.',
      },
    );
  }
  return settings;
}

/**
 * Builds the store of every configured cache on one data source. Settings errors name the cache's
 * key in the configuration as well as the descriptor's file, line and element.
 */
export async function openCaches(
  config: SidecarConfig,
  dataSource: DataSource,
  log: (line: string) => void,
  /** Observes every store (the sidecar counts Cassandra retries for monitoring). */
  hooks?: StoreHooks,
): Promise<Map<string, CacheBinding>> {
  const bindings = new Map<string, CacheBinding>();
  for (const [name, c] of Object.entries(config.caches)) {
    let settings: PersistenceSettings;
    try {
      settings = await settingsOf(name, c, (m) => {
        log(`cache ${name}: ${m}`);
      });
    } catch (error) {
      if (error instanceof SettingsError) {
        throw new SidecarConfigError(
          `caches.${name}: ${error.message}`,
          error.hint ? { hint: error.hint } : {},
        );
      }
      throw error;
    }
    const store = new CassandraStore({
      dataSource,
      settings,
      table: name,
      ...(c.schema ? { schema: c.schema } : {}),
      ...(c.maxInFlight ? { maxInFlight: c.maxInFlight } : {}),
      ...(c.bulkGrouping ? { bulkGrouping: c.bulkGrouping } : {}),
      ...(c.maxPartitionsPerRequest ? { maxPartitionsPerRequest: c.maxPartitionsPerRequest } : {}),
      ...(hooks ? { hooks } : {}),
    });
    const mapping = cacheMapping(name, settings, {
      ...(c.keyType ? { keyType: c.keyType } : {}),
      ...(c.valueType ? { valueType: c.valueType } : {}),
    });
    bindings.set(name, { name, store, mapping, settings });
    log(
      `cache ${name}: ${settings.key.strategy} key, ${settings.value.strategy} value in ${store.table}`,
    );
  }
  return bindings;
}
