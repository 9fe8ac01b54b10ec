import type { Target, TargetDefinition } from './target';

const done: Promise<void> = Promise.resolve();
const nothing: Promise<undefined> = Promise.resolve(undefined);
const empty: Promise<ReadonlyMap<unknown, unknown>> = Promise.resolve(new Map());

/**
 * Does nothing and resolves at once: what the runner itself costs (generators, timing, histogram
 * recording, accounting). Reads find nothing. Settled promises are shared, so the target allocates
 * nothing per call.
 */
export function createNoopTarget(): Target {
  return {
    description: 'noop (measures the runner itself)',
    setUp: () => done,
    write: () => done,
    writeAll: () => done,
    read: () => nothing,
    readAll: () => empty,
    delete: () => done,
    deleteAll: () => done,
    tearDown: () => done,
  };
}

export const noopTarget: TargetDefinition = {
  summary: 'does nothing; measures the runner itself',
  create: createNoopTarget,
};
