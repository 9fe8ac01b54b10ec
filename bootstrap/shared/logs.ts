/** Node logs: the tail of a file for status objects, and shipping whole logs to S3. */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

import type { NodeId, RunLayout } from '../../bed/s3-layout';
import { tailFile } from '../../services/log-tail';
import type { BedBucket } from './bucket';

/** The last `lines` lines of the files that exist, each prefixed with its file name. */
export function logTail(files: readonly string[], lines = 30): string[] {
  return files
    .filter((f) => existsSync(f))
    .flatMap((f) =>
      tailFile(f, lines)
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => `${path.basename(f)}: ${l}`),
    );
}

/** Uploads the given log files (those that exist, up to 50 MB each) to the node's logs prefix. */
export async function shipLogs(
  bucket: BedBucket,
  run: RunLayout,
  node: NodeId,
  files: readonly string[],
): Promise<void> {
  for (const file of files) {
    if (!existsSync(file) || statSync(file).size > 50 * 2 ** 20) continue;
    const name = path.relative(path.dirname(path.dirname(file)), file);
    await bucket.putFile(run.log(node, name), file, 'text/plain');
  }
}
