/**
 * The one place the CLI turns an error into its exit code and the hint it prints. Libraries raise
 * errors with a stable `code` and structured `data` and give hints in their own terms (a setting, a
 * table); only here are those tied to `testbed` commands and exit codes. Every command's errors
 * reach {@link reportCliError} (from `main()` in `bin/testbed.ts`, and `bin/cdk.ts`), and commands
 * that list several failures use {@link cliHint} for each.
 *
 * Loaded only when an error reaches the CLI; the error modules it reads import nothing but
 * `common/errors.ts`.
 */
import { CampaignError } from '../campaigns/errors';
import { printError, TestbedError, UsageError } from '../common/errors';
import { CloudBedError, type CloudBedErrorCode } from '../lib/errors';
import { StoreError, type StoreErrorCode } from '../store/errors';
import { EXIT } from './exit-codes';

/** What the CLI does with an error of one code. */
export interface CliErrorRule {
  /** The exit code. */
  readonly exit: number;
  /** The hint to print instead of the error's own (which it may extend); none: the error's own. */
  readonly hint?: (error: TestbedError) => string | undefined;
}

/** The library's hint, then what to run. */
const withCommand =
  (command: string) =>
  (error: TestbedError): string =>
    error.hint ? `${error.hint} ${command}` : command;

/** Every store error code: the compiler checks that none is missing. */
export const STORE_RULES: Readonly<Record<StoreErrorCode, CliErrorRule>> = {
  SETTING_INVALID: { exit: EXIT.usage },
  CONNECT_FAILED: { exit: EXIT.failure },
  NO_HOST: {
    exit: EXIT.failure,
    hint: withCommand('Locally: `testbed local cassandra start`.'),
  },
  AUTH_FAILED: { exit: EXIT.failure },
  TABLE_MISSING: {
    exit: EXIT.usage,
    hint: () => 'Create it with `testbed ddl <descriptor> --apply`, or set schema: "auto".',
  },
  DDL_FAILED: { exit: EXIT.failure },
  MAPPING_INVALID: { exit: EXIT.failure },
  KEY_FIELD_MISSING: { exit: EXIT.failure },
  SERIALIZATION_INVALID: { exit: EXIT.failure },
  OPERATION_FAILED: { exit: EXIT.failure },
  BULK_INCOMPLETE: { exit: EXIT.failure },
  TRANSACTION_TOO_LARGE: { exit: EXIT.failure },
  TRANSACTION_STATE: { exit: EXIT.failure },
  COMMIT_FAILED: { exit: EXIT.failure },
};

/** Every cloud-bed error code: wrong props and specs are usage errors, AWS-side failures are not. */
export const CLOUD_RULES: Readonly<Record<CloudBedErrorCode, CliErrorRule>> = {
  'invalid-prop': { exit: EXIT.usage },
  'too-many-nodes': { exit: EXIT.usage },
  deadline: { exit: EXIT.usage },
  'bundle-missing': { exit: EXIT.usage },
  spec: { exit: EXIT.usage },
  aws: { exit: EXIT.failure },
  leftovers: { exit: EXIT.failure },
  rerun: { exit: EXIT.failure },
};

/** Campaign error codes with their own exit code; every other campaign error is a failure. */
export const CAMPAIGN_RULES: Readonly<Record<string, CliErrorRule>> = {
  SPEC_INVALID: { exit: EXIT.usage },
  REGRESSION_FOUND: { exit: EXIT.regressionFound },
};

/**
 * Codes of the other parts (services, the load-test runner, bootstrap) that need a CLI hint. They
 * are looked up after the parts above, by code alone.
 */
export const OTHER_RULES: Readonly<Record<string, CliErrorRule>> = {
  // The load-test configuration (tests-runner ConfigError, a UsageError).
  CONFIG_INVALID: {
    exit: EXIT.usage,
    hint: () =>
      'Fix the keys named above; `testbed load-test run --help` and README.md (Load-test runner) list every setting.',
  },
  // A local bed is already up, or a run of it is still under way (bin/commands/bed.ts).
  BED_CONFLICT: { exit: EXIT.conflict },
  // A Cassandra or Ignite node did not become ready (services NodeStartError).
  NODE_START_FAILED: {
    exit: EXIT.failure,
    hint: () => 'Read the log lines above; `testbed doctor` checks the JDK and the ports.',
  },
};

/** The rule for one error: by its part and code, else usage errors 2 and everything else 1. */
export function cliRule(error: unknown): CliErrorRule {
  if (!(error instanceof TestbedError)) return { exit: EXIT.failure };
  const rule =
    error instanceof StoreError
      ? STORE_RULES[error.code]
      : error instanceof CloudBedError
        ? CLOUD_RULES[error.code]
        : error instanceof CampaignError
          ? CAMPAIGN_RULES[error.code]
          : OTHER_RULES[error.code];
  return rule ?? { exit: error instanceof UsageError ? EXIT.usage : EXIT.failure };
}

/** The exit code the CLI uses for an error. */
export function cliExitCode(error: unknown): number {
  return cliRule(error).exit;
}

/** The hint the CLI prints for an error: the rule's, else the error's own. */
export function cliHint(error: unknown): string | undefined {
  if (!(error instanceof TestbedError)) return undefined;
  return cliRule(error).hint?.(error) ?? error.hint;
}

/**
 * Prints an error for a person (`error:` and `hint:` lines; a bug with its stack) and returns the
 * exit code for it.
 */
export function reportCliError(error: unknown): number {
  printError(error, cliHint(error));
  return cliExitCode(error);
}
