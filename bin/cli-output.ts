/** Small printing helpers shared by the commands: results to stdout, progress to stderr. */

const tty = process.stdout.isTTY;

export const ok = (text: string): string => `${tty ? '\x1b[32m✓\x1b[0m' : '✓'} ${text}`;
export const fail = (text: string): string => `${tty ? '\x1b[31m✗\x1b[0m' : '✗'} ${text}`;
export const warn = (text: string): string => `${tty ? '\x1b[33m!\x1b[0m' : '!'} ${text}`;

/** A result line on stdout. */
export function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** A progress line on stderr. */
export function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}
