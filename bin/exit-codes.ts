/**
 * The exit codes of every `testbed` command: the same situation gives the same code whichever
 * command meets it.
 */
export const EXIT = {
  /** Done, including "already running" with the asked-for layout (start is idempotent). */
  ok: 0,
  /** A failure: a service would not start, a check found a difference, a status is unhealthy or not running. */
  failure: 1,
  /** A usage or spec mistake: bad option, bad file content. */
  usage: 2,
  /** Something else is in the way: a service of this kind runs with a different layout. */
  conflict: 3,
  /** `testbed campaign judge` found a confirmed regression (so CI can tell it from errors). */
  regressionFound: 3,
  /** Interrupted by Ctrl-C (128 + SIGINT). */
  interrupted: 130,
} as const;
