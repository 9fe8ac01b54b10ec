/**
 * The base of every error the project raises on purpose: a failure a person can act on (bad input,
 * a missing prerequisite, a service that would not start). The CLI prints such errors as a message
 * with an optional hint, never as a stack trace, and exits with {@link TestbedError.exitCode}.
 * Anything else reaching the CLI is a bug and is printed with its stack.
 */
export class TestbedError extends Error {
  /** Process exit code the CLI uses for this error. */
  readonly exitCode: number;
  /** What to do about it, printed under the message. */
  readonly hint: string | undefined;

  constructor(
    message: string,
    options: { exitCode?: number; hint?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = options.exitCode ?? 1;
    this.hint = options.hint;
  }
}

/** The command line or a configuration value is wrong; exit code 2. */
export class UsageError extends TestbedError {
  constructor(message: string, options: { hint?: string } = {}) {
    super(message, { ...options, exitCode: 2 });
  }
}

/** The message of anything thrown, for logs and wrapped errors. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Writes an error to stderr for a person and returns the exit code: one of ours as `error:` and
 * `hint:` lines, anything else as a bug, with its stack.
 */
export function reportError(error: unknown): number {
  if (error instanceof TestbedError) {
    process.stderr.write(`error: ${error.message}\n`);
    if (error.hint) process.stderr.write(`hint: ${error.hint}\n`);
    return error.exitCode;
  }
  process.stderr.write(
    `internal error (a bug; please report it with this output):\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  return 1;
}
