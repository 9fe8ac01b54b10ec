import type { Config } from '@jest/types';

import { processesUnder, projectDir } from '../support/services';

/** The name a project config was given (`displayName` may be a string or an object). */
export function projectName(config: Config.ProjectConfig): string {
  const name = config.displayName;
  return typeof name === 'string' ? name : (name?.name ?? 'adhoc');
}

/**
 * Fails the run if a project's tests left a service process behind (a JVM or an S3 server started
 * under the project's test directory), after killing it so that the machine stays clean. Each
 * project checks only its own directory: projects tear down one after another.
 */
export default function checkOrphans(
  _global: Config.GlobalConfig,
  config: Config.ProjectConfig,
): void {
  const leaked = processesUnder(projectDir(projectName(config)));
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
