/**
 * JVM flags for Cassandra 5.0 on JDK 17: the module exports/opens Cassandra ships in
 * `conf/jvm17-server.options`, plus the parts of `conf/jvm-server.options` that matter when the
 * daemon is started directly instead of through `bin/cassandra` (which would size the heap at a
 * quarter of RAM, too much for several nodes on one machine).
 */
// prettier-ignore
export const JDK17_FLAGS: readonly string[] = [
  '-Djdk.attach.allowAttachSelf=true',
  '--add-exports', 'java.base/jdk.internal.misc=ALL-UNNAMED',
  '--add-exports', 'java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED',
  '--add-exports', 'java.rmi/sun.rmi.registry=ALL-UNNAMED',
  '--add-exports', 'java.rmi/sun.rmi.server=ALL-UNNAMED',
  '--add-exports', 'java.sql/java.sql=ALL-UNNAMED',
  '--add-exports', 'java.base/java.lang.ref=ALL-UNNAMED',
  '--add-exports', 'jdk.unsupported/sun.misc=ALL-UNNAMED',
  '--add-exports', 'jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED',
  '--add-exports', 'jdk.attach/sun.tools.attach=ALL-UNNAMED',
  '--add-exports', 'java.management/com.sun.jmx.remote.security=ALL-UNNAMED',
  '--add-opens', 'java.base/java.lang.module=ALL-UNNAMED',
  '--add-opens', 'java.base/jdk.internal.loader=ALL-UNNAMED',
  '--add-opens', 'java.base/jdk.internal.ref=ALL-UNNAMED',
  '--add-opens', 'java.base/jdk.internal.reflect=ALL-UNNAMED',
  '--add-opens', 'java.base/jdk.internal.math=ALL-UNNAMED',
  '--add-opens', 'java.base/jdk.internal.module=ALL-UNNAMED',
  '--add-opens', 'java.base/jdk.internal.util.jar=ALL-UNNAMED',
  '--add-opens', 'jdk.management/com.sun.management.internal=ALL-UNNAMED',
  '--add-opens', 'java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-opens', 'java.base/java.io=ALL-UNNAMED',
  '--add-opens', 'java.base/java.nio=ALL-UNNAMED',
  '--add-opens', 'java.base/java.lang.reflect=ALL-UNNAMED',
  '--add-opens', 'jdk.compiler/com.sun.tools.javac=ALL-UNNAMED',
  '--add-opens', 'java.base/java.lang=ALL-UNNAMED',
  '--add-opens', 'java.base/java.util=ALL-UNNAMED',
  '-Dio.netty.tryReflectionSetAccessible=true',
  '-Dio.netty.allocator.useCacheForAllThreads=true',
  '-Dio.netty.allocator.maxOrder=11',
  '-XX:+UseG1GC',
  '-XX:+ParallelRefProcEnabled',
  '-XX:MaxGCPauseMillis=300',
];

/** From `conf/jvm-server.options`; `-XX:+AlwaysPreTouch` is left out on purpose (it faults in the whole heap at start). */
export const SERVER_FLAGS: readonly string[] = [
  '-ea',
  '-Xss256k',
  '-XX:+UseThreadPriorities',
  '-XX:+HeapDumpOnOutOfMemoryError',
  '-XX:+ExitOnOutOfMemoryError',
  '-XX:+PerfDisableSharedMem',
  '-Djava.net.preferIPv4Stack=true',
];

/**
 * System properties that make a node start in seconds instead of a minute: no wait for gossip to
 * settle, a short ring delay (default 30 s) and no superuser setup delay (default 10 s). Safe for
 * fresh local clusters whose nodes are all seeds with tokens assigned up front.
 */
export const FAST_START_PROPERTIES: readonly string[] = [
  '-Dcassandra.skip_wait_for_gossip_to_settle=0',
  '-Dcassandra.ring_delay_ms=1000',
  '-Dcassandra.superuser_setup_delay_ms=0',
  '-Dcassandra.load_ring_state=false',
  // Not -Dcassandra.unsafesystem=true: it skips flushing schema changes, and a node killed with
  // kill -9 then restarts without the tables created just before (fault tests do exactly that).
];
