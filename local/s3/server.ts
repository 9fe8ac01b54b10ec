import { mkdirSync } from 'node:fs';

import S3rver from 's3rver';

import { ensurePortsFree } from '../ports';

/** Options of {@link startS3Server}. */
export interface S3ServerOptions {
  /** Where buckets and objects are kept. */
  readonly dir: string;
  /** @default '127.0.0.1' - loopback only, never a public address */
  readonly address?: string;
  /** @default 0 - any free port */
  readonly port?: number;
  /** Buckets created at start. @default - none */
  readonly buckets?: readonly string[];
}

/** A running local S3-compatible server. */
export interface S3Server {
  /** `http://address:port`. */
  readonly endpoint: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Starts an S3-compatible server (s3rver) in this process, on loopback. Objects live in `dir` on
 * disk, so what the test bed uploads can be inspected afterwards.
 */
export async function startS3Server(options: S3ServerOptions): Promise<S3Server> {
  const address = options.address ?? '127.0.0.1';
  if (options.port) await ensurePortsFree(address, [options.port], 'local S3 server');
  mkdirSync(options.dir, { recursive: true });
  const server = new S3rver({
    address,
    port: options.port ?? 0,
    silent: true,
    directory: options.dir,
    configureBuckets: (options.buckets ?? []).map((name) => ({ name, configs: [] })),
  });
  const info = await server.run();
  return {
    endpoint: `http://${address}:${info.port}`,
    port: info.port,
    close: () => server.close(),
  };
}
