import { execFile } from 'node:child_process';
import { totalmem } from 'node:os';
import { promisify } from 'node:util';

import { errorMessage } from '../../common/errors';
import { findPortOwner, isPortFree } from '../../local';
import { GANGLIA_PACKAGES, missingGangliaPackages } from '../../monitoring/prerequisites';
import { CASSANDRA, findJdk, findMaven, IGNITE, isResolved, type Jdk } from '../../services';
import { fail, ok, out, warn } from '../cli-output';
import { cliHint } from '../error-exit';

/** Options of `testbed doctor`. */
export interface DoctorOptions {
  readonly json?: boolean;
  readonly env?: NodeJS.ProcessEnv;
}

/** One prerequisite check. */
export interface Check {
  readonly name: string;
  /** `fail` blocks the local services; `warn` may. */
  readonly status: 'ok' | 'warn' | 'fail';
  readonly detail: string;
  /** How to fix it, when not ok. */
  readonly fix?: string;
}

/** The ports the CLI's own local services use on 127.0.0.1 (tests use other addresses). */
const DEFAULT_PORTS: readonly [number, string][] = [
  [9042, 'Cassandra CQL'],
  [7000, 'Cassandra storage'],
  [10800, 'Ignite thin client'],
  [47500, 'Ignite discovery'],
  [47100, 'Ignite communication'],
  [9000, 'local S3'],
];

function checkNode(): Check {
  const major = Number(process.versions.node.split('.')[0]);
  return major >= 20
    ? { name: 'Node.js', status: 'ok', detail: `v${process.versions.node}` }
    : {
        name: 'Node.js',
        status: 'fail',
        detail: `v${process.versions.node} is too old`,
        fix: 'Install Node.js 20 or newer (https://nodejs.org or your package manager).',
      };
}

function checkJdk(env: NodeJS.ProcessEnv): { check: Check; jdk?: Jdk } {
  try {
    const jdk = findJdk({ env });
    return {
      check: {
        name: 'JDK 17',
        status: 'ok',
        detail: `${jdk.version} at ${jdk.home} (${jdk.source})`,
      },
      jdk,
    };
  } catch (error) {
    const fix = cliHint(error);
    return {
      check: {
        name: 'JDK 17',
        status: 'fail',
        detail: errorMessage(error),
        ...(fix ? { fix } : {}),
      },
    };
  }
}

async function checkMaven(env: NodeJS.ProcessEnv, jdk: Jdk | undefined): Promise<Check> {
  let mvn: string;
  try {
    mvn = findMaven(env);
  } catch (error) {
    return {
      name: 'Maven',
      status: 'fail',
      detail: errorMessage(error),
      fix: 'sudo apt-get install -y maven',
    };
  }
  try {
    const { stdout } = await promisify(execFile)(mvn, ['-v'], {
      env: { ...env, ...(jdk ? { JAVA_HOME: jdk.home } : {}) },
      timeout: 30_000,
    });
    // Maven colours its banner; the version is read from the text without the escape codes.
    const plain = stdout.replace(new RegExp(String.fromCharCode(27) + '\\[[0-9;]*m', 'g'), '');
    const version = /Apache Maven (\S+)/.exec(plain)?.[1] ?? 'unknown version';
    return { name: 'Maven', status: 'ok', detail: `${version} at ${mvn}` };
  } catch (error) {
    return {
      name: 'Maven',
      status: 'fail',
      detail: `${mvn} -v failed: ${errorMessage(error)}`,
      fix: 'Reinstall Maven 3.',
    };
  }
}

async function checkJars(env: NodeJS.ProcessEnv): Promise<Check[]> {
  const entries: [string, string, string][] = [
    ['Cassandra jars', CASSANDRA.pom, CASSANDRA.name],
    ['Ignite jars', IGNITE.pom, IGNITE.name],
  ];
  return Promise.all(
    entries.map(async ([name, pom, id]): Promise<Check> =>
      (await isResolved({ pom, name: id, env }))
        ? { name, status: 'ok', detail: `${id} cached (starts offline)` }
        : {
            name,
            status: 'warn',
            detail: `${id} not cached yet; the first start downloads it from Maven Central`,
            fix: 'testbed local install',
          },
    ),
  );
}

async function checkPorts(): Promise<Check[]> {
  const checks: Check[] = [];
  for (const [port, what] of DEFAULT_PORTS) {
    if (await isPortFree('127.0.0.1', port)) {
      checks.push({ name: `port ${port}`, status: 'ok', detail: `free (${what})` });
      continue;
    }
    const owner = findPortOwner(port);
    const ours =
      owner?.command.includes('-Dtestbed.node=') || owner?.command.includes('--testbed-s3=');
    checks.push({
      name: `port ${port}`,
      status: ours ? 'ok' : 'warn',
      detail: ours
        ? `in use by our local ${what} (pid ${owner?.pid})`
        : `in use${owner ? ` by pid ${owner.pid} (${owner.command})` : ''}; ${what} cannot start on 127.0.0.1`,
      ...(ours
        ? {}
        : {
            fix: 'Stop that process; tests and benchmarks use other loopback addresses and are not affected.',
          }),
    });
  }
  return checks;
}

async function checkLoopbackAliases(): Promise<Check> {
  return (await isPortFree('127.0.10.2', 0))
    ? {
        name: 'loopback aliases',
        status: 'ok',
        detail: '127.0.x.y addresses bind (multi-node clusters work)',
      }
    : {
        name: 'loopback aliases',
        status: 'fail',
        detail: 'cannot bind 127.0.10.2',
        fix: 'Linux routes 127.0.0.0/8 to lo by default; on macOS add aliases: sudo ifconfig lo0 alias 127.0.10.2 up',
      };
}

/** Ganglia is optional (a bed spec enables it), so missing packages only warn. */
function checkGanglia(): Check {
  const missing = missingGangliaPackages();
  return missing.length === 0
    ? { name: 'Ganglia', status: 'ok', detail: 'gmond, gmetad, ganglia-web, Apache + PHP, rrdtool' }
    : {
        name: 'Ganglia',
        status: 'warn',
        detail: `not installed (${missing.join(', ')}); beds with Ganglia enabled need it`,
        fix: `sudo apt-get install -y ${GANGLIA_PACKAGES.join(' ')}`,
      };
}

function checkMemory(): Check {
  const gib = totalmem() / 1024 ** 3;
  return gib >= 8
    ? { name: 'memory', status: 'ok', detail: `${gib.toFixed(1)} GiB` }
    : {
        name: 'memory',
        status: 'warn',
        detail: `${gib.toFixed(1)} GiB; a Cassandra node needs ~1 GiB, an Ignite node ~0.5 GiB`,
        fix: 'Run fewer nodes.',
      };
}

/** Runs every check; the result is also what `--json` prints. */
/** The shared list of Debian packages (also read by `npm start`/`npm test` and .ci/run). */
interface SystemPackages {
  missingPackages(env: NodeJS.ProcessEnv): { readonly name: string; readonly for: string }[];
  installCommand(names: readonly string[]): string;
}

function checkSystemPackages(env: NodeJS.ProcessEnv): Check {
  // Plain JavaScript, because it runs before `npm ci` on a fresh clone.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
  const list = require('../../scripts/system-packages') as SystemPackages;
  const missing = list.missingPackages(env);
  return missing.length === 0
    ? {
        name: 'System packages',
        status: 'ok',
        detail: 'every package of scripts/system-packages.json',
      }
    : {
        name: 'System packages',
        status: 'warn',
        detail: `missing: ${missing.map((p) => `${p.name} (${p.for})`).join('; ')}`,
        fix: list.installCommand(missing.map((p) => p.name)),
      };
}

export async function runChecks(env: NodeJS.ProcessEnv = process.env): Promise<Check[]> {
  const jdk = checkJdk(env);
  return [
    checkNode(),
    checkSystemPackages(env),
    jdk.check,
    await checkMaven(env, jdk.jdk),
    ...(await checkJars(env)),
    await checkLoopbackAliases(),
    checkMemory(),
    checkGanglia(),
    ...(await checkPorts()),
  ];
}

/** `testbed doctor`: checks prerequisites and says what is missing and how to install it. */
export async function doctor(options: DoctorOptions): Promise<number> {
  const checks = await runChecks(options.env ?? process.env);
  if (options.json) {
    out(JSON.stringify(checks, null, 2));
  } else {
    for (const c of checks) {
      const line = `${c.name}: ${c.detail}`;
      out(c.status === 'ok' ? ok(line) : c.status === 'warn' ? warn(line) : fail(line));
      if (c.fix && c.status !== 'ok') out(`    fix: ${c.fix}`);
    }
  }
  const failed = checks.filter((c) => c.status === 'fail');
  if (!options.json) {
    out(
      failed.length
        ? `\n${failed.length} prerequisite(s) missing.`
        : '\nReady: every prerequisite is in place.',
    );
  }
  return failed.length ? 1 : 0;
}
