import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

/** The venv campaigns/otava/install.sh creates (same default path). */
export const OTAVA_PYTHON = path.join(
  process.env.TESTBED_OTAVA_VENV ??
    path.join(homedir(), '.cache/ignite-cassandra-testbed/otava-venv'),
  'bin/python',
);

/** Change-point indices that the real apache-otava (PyPI) finds in each series. */
export function otavaChangePoints(
  series: readonly (readonly number[])[],
  windowLength: number,
  maxPValue: number,
): number[][] {
  if (!existsSync(OTAVA_PYTHON)) {
    throw new Error(
      `apache-otava is not installed (${OTAVA_PYTHON} is missing). Install it with: campaigns/otava/install.sh`,
    );
  }
  const script = path.join(__dirname, '../../campaigns/otava/change_points.py');
  const run = spawnSync(OTAVA_PYTHON, [script], {
    input: JSON.stringify({ series, windowLength, maxPValue }),
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  if (run.status !== 0) {
    throw new Error(
      `otava failed (exit ${run.status}, ${run.signal ?? 'no signal'}): ${run.stderr}`,
    );
  }
  return JSON.parse(run.stdout) as number[][];
}
