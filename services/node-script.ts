/**
 * The command line that runs one of our TypeScript entry points in a new Node process (the S3
 * daemon, the Ignite store sidecar, load-test workers): the same Node binary, with tsx's CommonJS
 * hook so no build step is needed.
 */
export function nodeScriptCommand(
  script: string,
  args: readonly string[] = [],
): { command: string; args: string[] } {
  return {
    command: process.execPath,
    args: ['--require', require.resolve('tsx/cjs'), script, ...args],
  };
}
