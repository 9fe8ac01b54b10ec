import { TestbedError } from '../../common/errors';

/**
 * A role failed for a reason a person can act on: the message names the node and what happened;
 * `logTail` carries the last lines of the service log when there is one.
 */
export class BootstrapError extends TestbedError {
  constructor(
    message: string,
    readonly logTail: readonly string[] = [],
    options: { cause?: unknown } = {},
  ) {
    super(message, { code: 'ROLE_FAILED', cause: options.cause });
  }
}
