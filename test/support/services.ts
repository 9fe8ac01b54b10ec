import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { runDir } from '../../local';

/** Where this Jest run keeps node data and logs: `<run dir>/tests/<run id>/`. */
export function testRoot(): string {
  return path.join(runDir(), 'tests', process.env.TESTBED_TEST_RUN_ID ?? `adhoc-${process.pid}`);
}

/** The Jest project a test runs in (set per project in jest.config.js). */
export function currentProject(): string {
  return (globalThis as { __TESTBED_PROJECT__?: string }).__TESTBED_PROJECT__ ?? 'adhoc';
}

/** Where one project's services live: `<test root>/<project>/`. */
export function projectDir(project: string = currentProject()): string {
  return path.join(testRoot(), project);
}

/** A directory for one suite's services, unique per process. */
export function suiteDir(name: string): string {
  return path.join(projectDir(), `${name}-${process.pid}`);
}

/** The services the integration global setup started, read from the environment it set. */
export interface IntegrationServices {
  /** CQL contact points, `address:port`. */
  readonly cassandra: string[];
  /** Ignite thin-client endpoints, `address:port`. */
  readonly ignite: string[];
}

export function integrationServices(): IntegrationServices {
  const cassandra = process.env.TESTBED_TEST_CASSANDRA;
  const ignite = process.env.TESTBED_TEST_IGNITE;
  if (!cassandra || !ignite) {
    throw new Error(
      'Integration services are not running: run this file with the integration project (npx jest --selectProjects integration).',
    );
  }
  return { cassandra: cassandra.split(','), ignite: ignite.split(',') };
}

/** Processes (pid and command) whose command line carries one of our markers under `root`. */
export function processesUnder(root: string): { pid: number; command: string }[] {
  const found: { pid: number; command: string }[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
    } catch {
      continue; // exited meanwhile
    }
    if (
      cmdline.includes(`-Dtestbed.node=${root}`) ||
      cmdline.includes(`--testbed-s3=${root}`) ||
      cmdline.includes(`--testbed-sidecar=${root}`)
    ) {
      found.push({ pid: Number(pid), command: cmdline.slice(0, 160) });
    }
  }
  return found;
}
