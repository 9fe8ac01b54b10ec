import { homedir } from 'node:os';
import path from 'node:path';

import type { Variables } from './environment';

/** The repository root (this file lives in `<root>/services/`). */
export const projectRoot = path.resolve(__dirname, '..');

/**
 * The default cache directory for the given variables: `TESTBED_CACHE_DIR` if set, else
 * `$XDG_CACHE_HOME/ignite-cassandra-testbed` or `~/.cache/ignite-cassandra-testbed`. Downloads
 * that outlive a checkout (Maven classpaths, the bridge jar) live there, so a new clone or a later
 * run starts offline.
 */
export function cacheDir(variables: Variables): string {
  if (variables.TESTBED_CACHE_DIR) return path.resolve(variables.TESTBED_CACHE_DIR);
  const base = variables.XDG_CACHE_HOME
    ? path.resolve(variables.XDG_CACHE_HOME)
    : path.join(homedir(), '.cache');
  return path.join(base, 'ignite-cassandra-testbed');
}
