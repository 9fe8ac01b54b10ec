import { TestbedError, type ErrorData } from '../common/errors';

/** Codes of {@link CloudBedError}, so callers and tests can tell the cases apart. */
export type CloudBedErrorCode =
  | 'invalid-prop'
  | 'too-many-nodes'
  | 'deadline'
  | 'bundle-missing'
  | 'spec'
  | 'aws'
  | 'leftovers'
  | 'rerun';

/**
 * The base of every error the CDK app and the cloud commands raise on purpose: a wrong prop or
 * spec value (exit code 2, thrown before synth), or an AWS-side failure a person can act on.
 */
export class CloudBedError extends TestbedError {
  declare readonly code: CloudBedErrorCode;

  constructor(
    code: CloudBedErrorCode,
    message: string,
    options: { hint?: string; cause?: unknown; data?: ErrorData } = {},
  ) {
    super(message, { ...options, code });
  }
}

/** A construct prop is out of range: names the prop, the value, what is allowed and the fix. */
export function invalidProp(
  prop: string,
  value: unknown,
  allowed: string,
  fix: string,
): CloudBedError {
  return new CloudBedError('invalid-prop', `${prop} is ${JSON.stringify(value)}; ${allowed}.`, {
    hint: fix,
  });
}
