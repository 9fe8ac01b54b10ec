import { homedir } from 'node:os';
import path from 'node:path';

/** The repository root (this file lives in `<root>/local/`). */
export const projectRoot = path.resolve(__dirname, '..');

/**
 * Downloads that outlive a checkout (Maven classpaths) live here, outside the repository, so a new
 * clone or a later run starts offline. `TESTBED_CACHE_DIR` overrides; otherwise XDG_CACHE_HOME or
 * `~/.cache`.
 */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TESTBED_CACHE_DIR) return path.resolve(env.TESTBED_CACHE_DIR);
  const base = env.XDG_CACHE_HOME
    ? path.resolve(env.XDG_CACHE_HOME)
    : path.join(homedir(), '.cache');
  return path.join(base, 'ignite-cassandra-testbed');
}

/**
 * Node data, logs and results of local services go under the run directory: `.run/` in the
 * repository (ignored by git) unless `TESTBED_RUN_DIR` says otherwise.
 */
export function runDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.TESTBED_RUN_DIR ? path.resolve(env.TESTBED_RUN_DIR) : path.join(projectRoot, '.run');
}
