/**
 * The targets a load test can drive. Adding one: a `<kind>-target.ts` exporting a
 * {@link TargetDefinition}, its kind in `kinds.ts`, and one line here.
 */
import { driverTarget } from './driver-target';
import { igniteTarget } from './ignite-target';
import type { TargetKind } from './kinds';
import { noopTarget } from './noop-target';
import { storeTarget } from './store-target';
import type { TargetDefinition } from './target';

export const TARGETS: Readonly<Record<TargetKind, TargetDefinition>> = {
  noop: noopTarget,
  driver: driverTarget,
  store: storeTarget,
  ignite: igniteTarget,
};
