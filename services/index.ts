// How to configure and start Cassandra and Ignite, given an injected environment (addresses in the
// node settings, directories, variables, a process runner). Used by local/ and bootstrap/ alike.
export type {
  ProcessRunner,
  ProcessSpec,
  ReadyWait,
  RunningProcess,
  ServiceEnvironment,
  Variables,
} from './environment';
export { cacheDir, projectRoot } from './paths';
export {
  findJdk,
  inspectJdk,
  listJdks,
  JdkNotFoundError,
  REQUIRED_JAVA_MAJOR,
  type Jdk,
  type JdkSearch,
} from './java';
export {
  classpathDir,
  findMaven,
  isResolved,
  MavenError,
  resolveClasspath,
  type Classpath,
  type ResolveOptions,
} from './maven';
export {
  CASSANDRA,
  CASSANDRA_VERSION,
  IGNITE,
  IGNITE_VERSION,
  jvmRuntime,
  type JvmRuntime,
  type ServiceDistribution,
} from './runtime';
export { describeLogs, tailFile } from './log-tail';
export {
  jvmCommandLine,
  jvmOutputFile,
  NodeStartError,
  startJvmService,
  type JvmServiceStart,
} from './jvm-service';
export {
  DEFAULT_SUPERUSER,
  renderCassandraYaml,
  renderLogbackXml,
  type CassandraNodeConfig,
  type NodeSecurity,
} from './cassandra/config';
export { FAST_START_PROPERTIES, JDK17_FLAGS, SERVER_FLAGS } from './cassandra/jvm-options';
export { balancedTokens } from './cassandra/tokens';
export { canConnect, cqlReleaseVersion, firstValue, harnessClient } from './cassandra/cql';
export {
  ringProblems,
  RingError,
  sampleRing,
  waitForRing,
  type PeerState,
  type RingView,
} from './cassandra/ring';
export {
  cassandraJavaArgs,
  cassandraLogFile,
  cassandraReady,
  startCassandraNode,
  writeCassandraNodeFiles,
  type CassandraNodeStart,
} from './cassandra/node';
export { IGNITE_JDK17_FLAGS, IGNITE_PROPERTIES } from './ignite/jvm-options';
export {
  currentServers,
  igniteConfigFile,
  igniteJavaArgs,
  ignitePorts,
  igniteReady,
  nodeStarted,
  startIgniteNode,
  topologyServers,
  writeIgniteNodeFiles,
  type IgniteNodeSettings,
  type IgniteNodeStart,
} from './ignite/node';
export {
  BRIDGE_MODULE,
  bridgeSourceHash,
  buildBridge,
  type BridgeArtifacts,
  type BuildBridgeOptions,
} from './ignite/bridge-jar';
export {
  compileOriginalPojos,
  createOriginalSchema,
  ORIGINAL_STORE_POM,
  ORIGINAL_STORE_VERSION,
  resolveOriginalStore,
  type OriginalPojos,
} from './ignite/original-store';
