/**
 * Starting a node's monitoring daemons the way the env file says (`TESTBED_DAEMONS`): as child
 * processes owned by the role and stopped with it (the local bed), or as systemd units written,
 * enabled and started (EC2). The role never detects which; the launcher tells it.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import { systemdUnit, type SystemdUnit } from '../../monitoring';
import type { ProcessRunner, RunningProcess } from '../../services/environment';
import { BootstrapError } from './errors';

/** One daemon: a foreground command line (`gmond -f -c …`). */
export interface DaemonSpec {
  /** For messages ("collector gmond tests"). */
  readonly name: string;
  /** The systemd unit's file name (`testbed-gmond.service`). */
  readonly unit: string;
  readonly command: string;
  readonly args: readonly string[];
  /** Working directory and, in the foreground, where its output goes (`<unit>.log`). */
  readonly dir: string;
}

/** A started daemon. */
export interface Daemon {
  readonly name: string;
  /** The foreground process (undefined under systemd). */
  readonly process: RunningProcess | undefined;
  stop(): Promise<void>;
}

/** Runs a command of the system (systemctl), failing with its output. */
export type SystemCommand = (command: string, args: readonly string[]) => Promise<void>;

const execFileAsync = promisify(execFile);

/** `systemctl …` through execFile, bounded to 60 s. */
export const runSystemCommand: SystemCommand = async (command, args) => {
  try {
    await execFileAsync(command, [...args], { timeout: 60_000 });
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new BootstrapError(
      `${command} ${args.join(' ')} failed: ${e.stderr?.trim() || e.message}`,
    );
  }
};

/** Where systemd units are installed. */
export const SYSTEMD_DIR = '/etc/systemd/system';

/** Starts daemons in the given mode. */
export function daemonStarter(options: {
  readonly mode: 'foreground' | 'systemd';
  readonly runner: ProcessRunner;
  readonly system?: SystemCommand;
  /** @default SYSTEMD_DIR */
  readonly unitDir?: string;
}): (spec: DaemonSpec) => Promise<Daemon> {
  const system = options.system ?? runSystemCommand;
  return async (spec) => {
    if (options.mode === 'foreground') {
      const proc = options.runner.start({
        name: spec.name,
        command: spec.command,
        args: spec.args,
        cwd: spec.dir,
        outputFile: path.join(spec.dir, spec.unit.replace(/\.service$/, '.log')),
        marker: spec.args.join(' '),
      });
      return {
        name: spec.name,
        process: proc,
        stop: async () => {
          await proc.stop(10_000);
        },
      };
    }
    const unit: SystemdUnit = systemdUnit(
      spec.unit,
      spec.name,
      [spec.command, ...spec.args].join(' '),
    );
    writeFileSync(path.join(options.unitDir ?? SYSTEMD_DIR, unit.name), unit.text);
    await system('systemctl', ['daemon-reload']);
    await system('systemctl', ['enable', unit.name]);
    await system('systemctl', ['restart', unit.name]);
    return {
      name: spec.name,
      process: undefined,
      stop: () => system('systemctl', ['stop', unit.name]),
    };
  };
}

/**
 * Debian's own units start with the packages' defaults (multicast gmond, gmetad on 8651, Apache
 * on every address's port 80): under systemd they are stopped and disabled before ours start.
 */
export async function disableDebianUnits(
  system: SystemCommand,
  units: readonly string[],
): Promise<void> {
  for (const u of units) {
    // A unit the node does not have is fine: only the ones present matter.
    await system('systemctl', ['disable', '--now', u]).catch(() => undefined);
  }
}
