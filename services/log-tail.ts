import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';

/** The last `lines` lines of a file (reads at most the last 64 KiB); empty when missing. */
export function tailFile(file: string, lines = 40): string {
  if (!existsSync(file)) return '';
  const size = statSync(file).size;
  const length = Math.min(size, 64 * 1024);
  const buffer = Buffer.alloc(length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buffer, 0, length, size - length);
  } finally {
    closeSync(fd);
  }
  return buffer
    .toString('utf8')
    .split('\n')
    .slice(-lines - 1)
    .join('\n')
    .trimEnd();
}

/** A framed excerpt of each log that exists, for "failed to start" messages. */
export function describeLogs(files: readonly string[], lines = 30): string {
  return files
    .filter((f) => existsSync(f) && statSync(f).size > 0)
    .map((f) => `--- last lines of ${f} ---\n${tailFile(f, lines)}`)
    .join('\n');
}
