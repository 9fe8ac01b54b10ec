/**
 * The CLI process's one owner of SIGINT, SIGTERM and SIGHUP (libraries install no handlers). The
 * first signal goes to the running command's interrupt handler when it has one (a load test lets
 * calls in flight settle and writes partial results); otherwise, and on a second signal, every
 * local service process this process owns is stopped (bounded) and the CLI exits 130 (SIGINT) or
 * 143 (SIGTERM, SIGHUP).
 */
import { EXIT } from './exit-codes';

const interruptHandlers: (() => void)[] = [];
let signals = 0;

/**
 * Lets a command handle the first Ctrl-C itself.
 * @returns a function that removes the handler again
 */
export function onInterrupt(handler: () => void): () => void {
  interruptHandlers.push(handler);
  return () => {
    const i = interruptHandlers.lastIndexOf(handler);
    if (i >= 0) interruptHandlers.splice(i, 1);
  };
}

/** Installs the handlers; called once by the CLI entry point. */
export function installSignalHandling(): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      signals++;
      const handler = interruptHandlers.at(-1);
      if (handler && signals === 1) {
        handler();
        return;
      }
      // Loaded here, not at start: the CLI's start-up stays free of the service modules.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy, see above
      const owned = require('../services/process') as typeof import('../services/process');
      process.stderr.write(
        `\n${signal}: stopping ${owned.ownedProcessCount()} local service process(es)…\n`,
      );
      void owned
        .stopOwnedProcesses(5_000)
        .finally(() => process.exit(signal === 'SIGINT' ? EXIT.interrupted : 143));
    });
  }
}
