export {
  CassandraCluster,
  CASSANDRA_VERSION,
  MAX_CASSANDRA_NODES,
  type CassandraClusterProps,
} from './cassandra/cluster';
export { CassandraNode, type CassandraNodeSpec } from './cassandra/node';
export { harnessClient } from './cassandra/cql';
export { DEFAULT_SUPERUSER, type NodeSecurity } from './cassandra/config';
export {
  IgniteCluster,
  IGNITE_VERSION,
  MAX_IGNITE_NODES,
  type IgniteClusterProps,
} from './ignite/cluster';
export { IgniteNode, type IgniteNodeSpec } from './ignite/node';
export { buildBridge, type BridgeArtifacts } from './ignite/bridge-jar';
export { SidecarProcess, type SidecarProcessSpec } from './ignite/sidecar-process';
export {
  IgniteStoreCluster,
  type IgniteStoreClusterProps,
  type StoreCacheSpec,
  type StoreMode,
} from './ignite/store-cluster';
export { findJdk, listJdks, JdkNotFoundError, REQUIRED_JAVA_MAJOR, type Jdk } from './java';
export { NodeStartError } from './jvm-node';
export { validateNodeCount, type NodeStatus } from './local-cluster';
export { resolveClasspath, findMaven, isResolved, MavenError } from './maven';
export { cacheDir, projectRoot, runDir } from './paths';
export {
  allocateLoopbackBlock,
  cliLoopbackBlock,
  DEFAULT_BLOCK,
  findPortOwner,
  isPortFree,
  type LoopbackBlock,
} from './ports';
export { ownedProcessCount, stopOwnedProcesses } from './process';
export { LocalS3 } from './s3/local-s3';
export { localS3Client, localS3ClientConfig } from './s3/client';
export { startS3Server, type S3Server } from './s3/server';
