import path from 'node:path';

import { projectRoot } from '../services';

export { cacheDir, projectRoot } from '../services';

/**
 * Node data, logs and results of local services go under the run directory: `.run/` in the
 * repository (ignored by git) unless `TESTBED_RUN_DIR` says otherwise.
 */
export function runDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.TESTBED_RUN_DIR ? path.resolve(env.TESTBED_RUN_DIR) : path.join(projectRoot, '.run');
}
