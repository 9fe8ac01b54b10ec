/**
 * The targets a load test can drive, each loaded on first use: importing the runner loads no
 * client library (cassandra-driver, the Ignite thin client) until a run picks a target that needs
 * it. Adding one: a `<kind>-target.ts` exporting a {@link TargetDefinition}, its kind in
 * `kinds.ts`, and one getter here.
 */
import type { TargetKind } from './kinds';
import type { TargetDefinition } from './target';

/* eslint-disable @typescript-eslint/no-require-imports -- a synchronous lazy load: an `import()`
   would make every caller async and does not run under Jest's CommonJS transform. */
export const TARGETS: Readonly<Record<TargetKind, TargetDefinition>> = {
  get noop(): TargetDefinition {
    return (require('./noop-target') as typeof import('./noop-target')).noopTarget;
  },
  get driver(): TargetDefinition {
    return (require('./driver-target') as typeof import('./driver-target')).driverTarget;
  },
  get store(): TargetDefinition {
    return (require('./store-target') as typeof import('./store-target')).storeTarget;
  },
  get ignite(): TargetDefinition {
    return (require('./ignite-target') as typeof import('./ignite-target')).igniteTarget;
  },
};
/* eslint-enable @typescript-eslint/no-require-imports */
