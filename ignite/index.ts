/**
 * The Ignite tier: configuration rendering for Ignite 2.x nodes and their caches, the TypeScript
 * store sidecar that the Java bridge (`ignite/bridge/`) forwards store calls to, its protocol, and
 * thin-client helpers typed from persistence settings.
 */
export {
  ORIGINAL_STORE_FACTORY,
  renderCacheBean,
  TS_STORE_FACTORY,
  validateCacheOptions,
  type AtomicityMode,
  type CacheMode,
  type CacheOptions,
  type ExpiryOptions,
  type OriginalStoreBinding,
  type StoreBinding,
  type TsStoreBinding,
  type WriteBehindOptions,
} from './cache-config';
export { PROTOCOL_VERSION } from './protocol/constants';
export { SidecarCallError, SidecarClient } from './sidecar/client';
export {
  loadSidecarConfig,
  SidecarConfigError,
  validateSidecarConfig,
  type SidecarCacheConfig,
  type SidecarCassandraConfig,
  type SidecarConfig,
} from './sidecar/config';
export { SidecarServer, type StopReport } from './sidecar/server';
export {
  renderIgniteSpringXml,
  type IgniteNodeConfig,
  type ThinClientOptions,
} from './spring-config';
export {
  complexTypeOf,
  fromClientValue,
  pojo,
  pojoFields,
  pojoReader,
  pojoWriter,
  sideType,
  thinClientTypeOf,
  toClientValue,
  typedCache,
  uuidFromClient,
  uuidToClient,
  type ThinClientType,
} from './thin-client';
export { fixThinClientBinaryHash, igniteBinaryHash } from './thin-client-hash';
