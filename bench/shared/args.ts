/**
 * The command lines of the benchmarks: a mistake (an unknown option, `--rounds x`, a variant that
 * does not exist) ends the run at once with a {@link UsageError} naming the option and what it
 * takes, instead of a stack trace or a silently empty run.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

import { errorMessage, reportError, UsageError } from '../../common/errors';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses a benchmark's options strictly (no positionals, no unknown options). */
export function benchArgs<const O extends Options>(
  options: O,
  args: string[] = process.argv.slice(2),
): ReturnType<typeof parseArgs<{ options: O; strict: true; allowPositionals: false }>>['values'] {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(errorMessage(error), {
      hint: `This benchmark takes ${Object.keys(options)
        .map((o) => `--${o}`)
        .join(', ')}.`,
    });
  }
}

/** The whole number option `--name` holds, from `min` to `max`. */
export function wholeNumber(
  name: string,
  value: string | undefined,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const n = value !== undefined && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
    throw new UsageError(`--${name} must be a whole number ${range}, not "${value ?? ''}".`);
  }
  return n;
}

/**
 * The names a comma-separated option lists, each one of `choices`, in the order of `choices`
 * (the order the benchmark alternates them in).
 */
export function namesFrom<C extends string>(
  name: string,
  value: string,
  choices: readonly C[],
): C[] {
  const given = value.split(',').map((s) => s.trim());
  const unknown = given.filter((g) => !(choices as readonly string[]).includes(g));
  if (unknown.length > 0 || given.length === 0) {
    throw new UsageError(`--${name}: unknown ${unknown.map((u) => `"${u}"`).join(', ')}.`, {
      hint: `Choose from ${choices.join(', ')} (comma-separated).`,
    });
  }
  return choices.filter((c) => given.includes(c));
}

/** Ends a benchmark that failed, reported as the CLI reports errors (a usage mistake: exit code 2). */
export function benchFailed(error: unknown): never {
  process.exit(reportError(error));
}

/** Runs a benchmark's option parsing; a mistake ends the process through {@link benchFailed}. */
export function parseBenchOptions<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    return benchFailed(error);
  }
}
