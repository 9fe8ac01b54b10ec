export {
  CassandraCluster,
  CASSANDRA_VERSION,
  MAX_CASSANDRA_NODES,
  type CassandraClusterProps,
} from './cassandra/cluster';
export { CassandraNode, type CassandraNodeSpec } from './cassandra/node';
export {
  IgniteCluster,
  IGNITE_VERSION,
  MAX_IGNITE_NODES,
  type IgniteClusterProps,
} from './ignite/cluster';
export { IgniteNode, type IgniteNodeSpec } from './ignite/node';
export { SidecarProcess, type SidecarProcessSpec } from '../services/ignite/sidecar-process';
export {
  IgniteStoreCluster,
  type IgniteStoreClusterProps,
  type StoreCacheSpec,
  type StoreMode,
} from './ignite/store-cluster';
export { validateNodeCount, type NodeStatus } from './local-cluster';
export { runDir } from './paths';
export {
  adoptLoopbackBlock,
  releaseLoopbackBlock,
  allocateLoopbackBlock,
  cliLoopbackBlock,
  DEFAULT_BLOCK,
  findPortOwner,
  isPortFree,
  type LoopbackBlock,
} from './ports';
export { ownedProcessCount, stopOwnedProcesses } from '../services/process';
export { LocalS3 } from './s3/local-s3';
export { localS3Client, localS3ClientConfig } from './s3/client';
export { startS3Server, type S3Server } from './s3/server';
