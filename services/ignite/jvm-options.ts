/**
 * The `--add-opens` Ignite documents for Java 17 (docs `includes/java9.adoc`, the same list
 * `bin/include/jvmdefaults.sh` adds for Java 15+).
 */
export const IGNITE_JDK17_FLAGS: readonly string[] = [
  'java.base/jdk.internal.access',
  'java.base/jdk.internal.misc',
  'java.base/sun.nio.ch',
  'java.base/sun.util.calendar',
  'java.management/com.sun.jmx.mbeanserver',
  'jdk.internal.jvmstat/sun.jvmstat.monitor',
  'java.base/sun.reflect.generics.reflectiveObjects',
  'jdk.management/com.sun.management.internal',
  'java.base/java.io',
  'java.base/java.nio',
  'java.base/java.net',
  'java.base/java.util',
  'java.base/java.util.concurrent',
  'java.base/java.util.concurrent.locks',
  'java.base/java.util.concurrent.atomic',
  'java.base/java.lang',
  'java.base/java.lang.invoke',
  'java.base/java.math',
  'java.sql/java.sql',
  'java.base/java.lang.reflect',
  'java.base/java.time',
  'java.base/java.text',
  'java.management/sun.management',
  'java.desktop/java.awt.font',
].map((pkg) => `--add-opens=${pkg}=ALL-UNNAMED`);

/** System properties for a quiet, offline, loopback-only node whose INFO log goes to stdout. */
export const IGNITE_PROPERTIES: readonly string[] = [
  '-DIGNITE_UPDATE_NOTIFIER=false',
  '-DIGNITE_QUIET=false',
  '-DIGNITE_NO_ASCII=true',
  '-DIGNITE_PERFORMANCE_SUGGESTIONS_DISABLED=true',
  '-Djava.net.preferIPv4Stack=true',
  '-XX:+UseG1GC',
  '-XX:+ExitOnOutOfMemoryError',
  '-XX:+PerfDisableSharedMem',
];
