import { processesUnder, testRoot } from '../support/services';

/**
 * Fails the run if a test left a service process behind (a JVM or an S3 server started under the
 * test run directory), after killing it so that the machine stays clean.
 */
export default function checkOrphans(): void {
  const leaked = processesUnder(testRoot());
  for (const p of leaked) {
    try {
      process.kill(-p.pid, 'SIGKILL');
    } catch {
      process.kill(p.pid, 'SIGKILL');
    }
  }
  if (leaked.length) {
    throw new Error(
      `Tests left ${leaked.length} service process(es) running (killed now):\n${leaked.map((p) => `  pid ${p.pid}: ${p.command}`).join('\n')}`,
    );
  }
}
