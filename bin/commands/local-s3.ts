import path from 'node:path';

import { cliLoopbackBlock, LocalS3, runDir } from '../../local';
import { fail, ok, out } from '../cli-output';
import { EXIT } from '../exit-codes';

/** Options of `testbed local s3 start`. */
export interface LocalS3Options {
  readonly port?: number;
  readonly json?: boolean;
}

export function cliS3Dir(): string {
  return path.join(runDir(), 'local', 's3');
}

export async function startLocalS3(options: LocalS3Options): Promise<number> {
  const existing = LocalS3.attach(cliS3Dir());
  if (existing) {
    out(`The local S3 server is already running: ${existing.endpoint}`);
    return EXIT.ok;
  }
  const s3 = await LocalS3.start({
    dir: cliS3Dir(),
    address: cliLoopbackBlock().address(1),
    ...(options.port ? { port: options.port } : {}),
  });
  s3.release();
  out(
    `Local S3 running: ${s3.endpoint} (path-style; access key S3RVER, secret S3RVER; objects in ${cliS3Dir()}/data)`,
  );
  return 0;
}

export async function stopLocalS3(): Promise<number> {
  const s3 = LocalS3.attach(cliS3Dir());
  if (!s3) {
    out('The local S3 server is not running.');
    return 0;
  }
  await s3.stop();
  out('Local S3 stopped.');
  return 0;
}

export function statusLocalS3(options: Pick<LocalS3Options, 'json'>): number {
  const s3 = LocalS3.attach(cliS3Dir());
  if (options.json)
    out(JSON.stringify({ running: Boolean(s3), endpoint: s3?.endpoint, pid: s3?.pid }));
  else
    out(
      s3 ? ok(`local S3: running at ${s3.endpoint}, pid ${s3.pid}`) : fail('local S3: not running'),
    );
  return s3 ? 0 : 1;
}
