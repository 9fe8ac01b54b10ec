import { TestbedError } from '../common/errors';

/** The base of every error the campaigns part raises on purpose. */
export class CampaignError extends TestbedError {}

/** Where in a campaign spec a problem is. */
export interface SpecLocation {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  /** Dotted key path, e.g. `matrix[1].overrides.store`. */
  readonly path?: string;
}

/** A campaign spec (or an override of it) is invalid (code `SPEC_INVALID`; the CLI exits 2). */
export class CampaignSpecError extends CampaignError {
  constructor(
    readonly problem: string,
    readonly at: SpecLocation = {},
    fix?: string,
  ) {
    const place = at.file
      ? `${at.file}${at.line ? `:${at.line}${at.column ? `:${at.column}` : ''}` : ''}`
      : '';
    const where = [place, at.path].filter(Boolean).join(' ');
    super(`${where ? `${where}: ` : ''}${problem}`, {
      code: 'SPEC_INVALID',
      data: { ...at, problem },
      ...(fix ? { hint: fix } : {}),
    });
  }
}

/** Input to a statistical routine is unusable (empty sample, non-finite value). */
export class StatisticsInputError extends CampaignError {}

/** The history directory or prefix holds something unreadable. */
export class HistoryError extends CampaignError {}

/**
 * Tonight's gate found a confirmed regression (code `REGRESSION_FOUND`; the CLI exits 3 so CI can
 * tell it from errors).
 */
export class RegressionFoundError extends CampaignError {
  constructor(message: string) {
    super(message, { code: 'REGRESSION_FOUND' });
  }
}

/** A campaign run could not run on its bed (the bed would not come up, its warm-up run failed). */
export class CampaignRunError extends CampaignError {}
