/**
 * Entry point of the TypeScript store sidecar (run through `nodeScriptCommand`):
 *
 *   sidecar --config <file.json> [--testbed-sidecar=<marker>]
 *
 * Prints `READY <json>` on stdout once it serves the socket, logs to stderr, and on SIGTERM or
 * SIGINT stops gracefully (see SidecarServer.stop). Exit codes: 0 stopped cleanly, 1 failure or
 * requests abandoned at the drain timeout, 2 configuration error.
 */
import { TestbedError, UsageError } from '../../common/errors';
import { loadSidecarConfig } from './config';
import { SidecarServer } from './server';

function log(line: string): void {
  process.stderr.write(`${new Date().toISOString()} ${line}\n`);
}

function fail(error: unknown): never {
  if (error instanceof TestbedError) {
    log(`error: ${error.message}${error.hint ? `\n  hint: ${error.hint}` : ''}`);
    // A configuration mistake (a usage error) exits 2, any other failure 1, as the header says.
    process.exit(error instanceof UsageError ? 2 : 1);
  }
  log(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
}

async function main(argv: readonly string[]): Promise<void> {
  const at = argv.indexOf('--config');
  const file = at >= 0 ? argv[at + 1] : undefined;
  if (!file) {
    log('usage: sidecar --config <file.json>');
    process.exit(2);
  }
  const config = loadSidecarConfig(file);
  const name = config.name ?? 'sidecar';
  const prefixed = (line: string): void => {
    log(`[${name}] ${line}`);
  };
  const server = await SidecarServer.start(config, { log: prefixed });
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    prefixed(`${signal}: stopping (finishing requests in flight)…`);
    server
      .stop()
      .then((report) => {
        prefixed(
          `stopped: ${report.drained ? 'all requests finished' : `${report.abandoned} request(s) abandoned at the drain timeout`}; ${report.discardedTransactions} open transaction(s) discarded`,
        );
        process.exit(report.drained ? 0 : 1);
      })
      .catch(fail);
  };
  process.on('SIGTERM', () => {
    stop('SIGTERM');
  });
  process.on('SIGINT', () => {
    stop('SIGINT');
  });
  const health = server.health();
  prefixed(`serving ${(health.caches as string[]).join(', ')} on ${config.socket}`);
  process.stdout.write(
    `READY ${JSON.stringify({ socket: config.socket, pid: process.pid, instance: health.instance })}\n`,
  );
}

main(process.argv.slice(2)).catch(fail);
