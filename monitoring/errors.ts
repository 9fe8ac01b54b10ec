import { TestbedError, type ErrorData } from '../common/errors';

/** Codes of {@link MonitoringError}: what went wrong, for callers that branch on it. */
export type MonitoringErrorCode =
  | 'bad-metric'
  | 'bad-config'
  | 'package-missing'
  | 'php-fix-mismatch'
  | 'ganglia-unreachable'
  | 'graph-failed';

/** The base of every error the monitoring part raises on purpose. */
export class MonitoringError extends TestbedError {
  declare readonly code: MonitoringErrorCode;

  constructor(
    code: MonitoringErrorCode,
    message: string,
    options: { hint?: string; cause?: unknown; data?: ErrorData } = {},
  ) {
    super(message, { ...options, code });
  }
}
