import { mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { TestbedError, UsageError } from '../common/errors';

import { isPortFree } from '../common/net';

export { isPortFree };

/** A process listening on a TCP port, read from /proc (Linux); undefined elsewhere. */
export interface PortOwner {
  readonly pid: number;
  readonly command: string;
}

function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue; // not Linux, or no IPv6
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local_address is "HEXIP:HEXPORT"; state 0A is LISTEN; column 9 is the inode.
      if (cols[1]?.endsWith(`:${hexPort}`) && cols[3] === '0A' && cols[9]) inodes.add(cols[9]);
    }
  }
  return inodes;
}

/** Which process listens on `port` (any address), when the OS lets us see it. */
export function findPortOwner(port: number): PortOwner | undefined {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return undefined;
  for (const pidDir of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pidDir}/fd`);
    } catch {
      continue; // another user's process, or gone
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = readlinkSync(`/proc/${pidDir}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode)) {
        const cmdline = readFileSync(`/proc/${pidDir}/cmdline`, 'utf8')
          .split('\0')
          .join(' ')
          .trim();
        return { pid: Number(pidDir), command: cmdline.slice(0, 200) };
      }
    }
  }
  return undefined;
}

/** Fails with a clear message naming the owner when a port is taken. */
export async function ensurePortsFree(
  host: string,
  ports: readonly number[],
  what: string,
): Promise<void> {
  for (const port of ports) {
    if (await isPortFree(host, port)) continue;
    const owner = findPortOwner(port);
    const by = owner ? ` by pid ${owner.pid} (${owner.command})` : '';
    throw new TestbedError(`${what}: port ${host}:${port} is already in use${by}.`, {
      hint: owner
        ? `Stop that process (testbed local … stop if it is ours), or choose other addresses.`
        : 'Stop whatever listens there, or choose other addresses.',
    });
  }
}

/**
 * A block of loopback addresses `127.0.<block>.1 … 127.0.<block>.N` reserved for one set of local
 * services, so that test runs, benchmarks and a cluster started from the CLI never collide. Linux
 * routes all of 127.0.0.0/8 to the loopback interface, which is what makes the aliases free.
 */
export interface LoopbackBlock {
  readonly block: number;
  /** The address of node `index` (1-based). */
  address(index: number): string;
  /** Gives the block back. */
  release(): void;
}

const LOCK_DIR = path.join(tmpdir(), 'ignite-cassandra-testbed-loopback');

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function makeBlock(block: number, lockPath: string | undefined): LoopbackBlock {
  return {
    block,
    address: (index) => `127.0.${block}.${index}`,
    release: () => {
      if (lockPath) rmSync(lockPath, { recursive: true, force: true });
    },
  };
}

/** The fixed block the CLI's own services use: 127.0.0.1 … (as ccm does). */
export const DEFAULT_BLOCK: LoopbackBlock = makeBlock(0, undefined);

/**
 * The block for the CLI's own services: 127.0.0.x, or 127.0.<n>.x when `TESTBED_LOOPBACK_BLOCK=n`
 * (to run a second set beside the first, and for the CLI's own tests).
 */
export function cliLoopbackBlock(env: NodeJS.ProcessEnv = process.env): LoopbackBlock {
  const value = env.TESTBED_LOOPBACK_BLOCK;
  if (value === undefined || value === '') return DEFAULT_BLOCK;
  const block = Number(value);
  if (!/^\d+$/.test(value) || block > 250) {
    throw new UsageError(
      `TESTBED_LOOPBACK_BLOCK must be an integer from 0 to 250, got '${value}'.`,
    );
  }
  return makeBlock(block, undefined);
}

/**
 * Reserves a free block among 127.0.10.x … 127.0.250.x, owned by `ownerPid` (a lock directory in the
 * OS temp dir; locks of dead owners are taken over).
 */
export function allocateLoopbackBlock(ownerPid: number = process.pid): LoopbackBlock {
  mkdirSync(LOCK_DIR, { recursive: true });
  for (let block = 10; block <= 250; block++) {
    const lockPath = path.join(LOCK_DIR, String(block));
    try {
      mkdirSync(lockPath);
    } catch {
      let owner = NaN;
      try {
        owner = Number(readFileSync(path.join(lockPath, 'owner'), 'utf8'));
      } catch {
        // a lock being written right now, or a broken one: treat as taken
        continue;
      }
      if (pidAlive(owner)) continue;
      rmSync(lockPath, { recursive: true, force: true });
      try {
        mkdirSync(lockPath);
      } catch {
        continue; // someone else took it over first
      }
    }
    writeFileSync(path.join(lockPath, 'owner'), String(ownerPid));
    return makeBlock(block, lockPath);
  }
  throw new TestbedError('No free loopback block 127.0.10.x … 127.0.250.x is left.', {
    hint: `Remove stale locks in ${LOCK_DIR} (each names its owner pid).`,
  });
}

/**
 * Hands block `block` over to `ownerPid` (a bed's long-lived process, once the command that
 * allocated it exits) and returns it; the lock is created if it is missing. `release()` frees it.
 */
export function adoptLoopbackBlock(block: number, ownerPid: number): LoopbackBlock {
  const lockPath = path.join(LOCK_DIR, String(block));
  mkdirSync(lockPath, { recursive: true });
  writeFileSync(path.join(lockPath, 'owner'), String(ownerPid));
  return makeBlock(block, lockPath);
}

/** Frees block `block` if `ownerPid` still holds it (a lock taken over by another owner stays). */
export function releaseLoopbackBlock(block: number, ownerPid: number): void {
  const lockPath = path.join(LOCK_DIR, String(block));
  let owner: string;
  try {
    owner = readFileSync(path.join(lockPath, 'owner'), 'utf8').trim();
  } catch {
    return; // no lock
  }
  if (owner === String(ownerPid)) rmSync(lockPath, { recursive: true, force: true });
}
