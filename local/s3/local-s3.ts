import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { errorMessage } from '../../common/errors';
import { waitFor } from '../../common/wait';
import { nodeScriptCommand } from '../../services/node-script';
import { ensurePortsFree } from '../ports';
import { ServiceProcess } from '../../services/process';
import { describeLogs, NodeStartError } from '../../services';

/** Properties of {@link LocalS3.start}. */
export interface LocalS3Props {
  /** Directory for the state file, the log and the objects (`data/`). */
  readonly dir: string;
  /** @default '127.0.0.1' */
  readonly address?: string;
  /** @default 9000 */
  readonly port?: number;
}

interface S3State {
  readonly pid: number;
  readonly endpoint: string;
}

/**
 * The local S3-compatible server run as a process of its own, so that the CLI can start it and a
 * later command stop it. (Tests and the local test bed run it in-process with `startS3Server`.)
 */
export class LocalS3 {
  private constructor(
    readonly dir: string,
    readonly endpoint: string,
    private readonly proc: ServiceProcess | undefined,
  ) {}

  private static marker(dir: string): string {
    return `--testbed-s3=${dir}`;
  }

  static async start(props: LocalS3Props): Promise<LocalS3> {
    const address = props.address ?? '127.0.0.1';
    const port = props.port ?? 9000;
    await ensurePortsFree(address, [port], 'local S3 server');
    mkdirSync(props.dir, { recursive: true });
    const outputFile = path.join(props.dir, 's3.log');
    rmSync(outputFile, { force: true });
    const marker = LocalS3.marker(props.dir);
    const { command, args } = nodeScriptCommand(path.join(__dirname, 'daemon.ts'), [
      path.join(props.dir, 'data'),
      address,
      String(port),
      marker,
    ]);
    const proc = ServiceProcess.start({
      name: 'local S3 server',
      command,
      args,
      cwd: props.dir,
      outputFile,
      marker,
    });
    try {
      const endpoint = await waitFor(
        () => {
          if (!proc.isAlive())
            throw new NodeStartError('the local S3 server exited during start-up');
          return /^READY (\S+)$/m.exec(readFileSync(outputFile, 'utf8'))?.[1];
        },
        {
          description: 'the local S3 server to listen',
          timeoutMs: 30_000,
          isFatal: (e) => e instanceof NodeStartError,
        },
      );
      writeFileSync(
        path.join(props.dir, 'state.json'),
        JSON.stringify({ pid: proc.pid, endpoint } satisfies S3State),
      );
      return new LocalS3(props.dir, endpoint, proc);
    } catch (error) {
      await proc.kill();
      throw new NodeStartError(`${errorMessage(error)}\n${describeLogs([outputFile])}`, {
        cause: error,
      });
    }
  }

  /** Re-attaches to the server a previous command started; undefined when it is not running. */
  static attach(dir: string): LocalS3 | undefined {
    const file = path.join(dir, 'state.json');
    if (!existsSync(file)) return undefined;
    const state = JSON.parse(readFileSync(file, 'utf8')) as S3State;
    const proc = ServiceProcess.attach('local S3 server', state.pid, LocalS3.marker(dir));
    return proc ? new LocalS3(dir, state.endpoint, proc) : undefined;
  }

  get pid(): number | undefined {
    return this.proc?.isAlive() ? this.proc.pid : undefined;
  }

  /** Lets the server outlive this process. */
  release(): void {
    this.proc?.release();
  }

  async stop(): Promise<void> {
    await this.proc?.stop(10_000);
    rmSync(path.join(this.dir, 'state.json'), { force: true });
  }
}
