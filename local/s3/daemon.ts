/**
 * Entry point of the local S3 server as a process of its own (`testbed local s3 start`):
 * `daemon.ts <dir> <address> <port> <marker>`. Prints `READY <endpoint>` once listening; stops on
 * SIGTERM or SIGINT.
 */
import { startS3Server } from './server';

async function main(): Promise<void> {
  const [dir, address, port] = process.argv.slice(2);
  if (!dir || !address || !port)
    throw new Error('usage: daemon.ts <dir> <address> <port> <marker>');
  const server = await startS3Server({ dir, address, port: Number(port) });
  process.stdout.write(`READY ${server.endpoint}\n`);
  const stop = (): void => {
    void server.close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `local S3 server failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
