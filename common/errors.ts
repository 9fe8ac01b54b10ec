/** Structured facts about an error (the setting, the table, the hosts …), for callers and logs. */
export type ErrorData = Readonly<Record<string, unknown>>;

/** What every project error takes besides its message. */
export interface TestbedErrorOptions<C extends string = string> {
  /** Stable code callers branch on; each part documents its own union of codes. */
  readonly code?: C;
  /** Structured facts: what a caller needs without parsing the message. */
  readonly data?: ErrorData;
  /**
   * What to do about it, in the raising part's own terms (a setting, a file, a service) — never a
   * command of a particular program: entry points add those (see `bin/error-exit.ts`).
   */
  readonly hint?: string;
  readonly cause?: unknown;
}

/**
 * The base of every error the project raises on purpose: a failure a person can act on (bad input,
 * a missing prerequisite, a service that would not start). Each part derives one base class from it
 * with a documented union of {@link TestbedError.code}s. Errors carry codes and data, not exit
 * codes: each entry point decides what an error means for its process (the CLI in
 * `bin/error-exit.ts`). Anything else reaching an entry point is a bug and is printed with its stack.
 */
export class TestbedError extends Error {
  /** Stable code, e.g. `TABLE_MISSING`; `ERROR` when the raiser gave none. */
  readonly code: string;
  /** Structured facts about the failure; empty when there are none. */
  readonly data: ErrorData;
  /** What to do about it, printed under the message. */
  readonly hint: string | undefined;

  constructor(message: string, options: TestbedErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code ?? 'ERROR';
    this.data = options.data ?? {};
    this.hint = options.hint;
  }
}

/**
 * The command line or a configuration value is wrong (code `USAGE`): entry points exit with their
 * usage code (2) for it and its subclasses.
 */
export class UsageError extends TestbedError {
  constructor(message: string, options: TestbedErrorOptions = {}) {
    super(message, { ...options, code: options.code ?? 'USAGE' });
  }
}

/** The message of anything thrown, for logs and wrapped errors. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Writes an error to stderr for a person: one of ours as `error:` and `hint:` lines (the hint
 * given, else the error's own), anything else as a bug, with its stack.
 */
export function printError(error: unknown, hint?: string): void {
  if (error instanceof TestbedError) {
    process.stderr.write(`error: ${error.message}\n`);
    const shown = hint ?? error.hint;
    if (shown) process.stderr.write(`hint: ${shown}\n`);
    return;
  }
  process.stderr.write(
    `internal error (a bug; please report it with this output):\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
}

/**
 * For entry points other than the CLI (node roles, benchmark scripts): prints the error and
 * returns 2 for a {@link UsageError}, 1 for anything else. The CLI uses `bin/error-exit.ts`.
 */
export function reportError(error: unknown): number {
  printError(error);
  return error instanceof UsageError ? 2 : 1;
}
