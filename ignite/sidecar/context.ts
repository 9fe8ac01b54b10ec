import { TestbedError } from '../../common/errors';
import { Status } from '../protocol/constants';
import { WireWriter } from '../protocol/writer';
import type { CacheBinding } from './caches';
import type { TransactionRegistry } from './transactions';

/** A request names a cache the sidecar does not serve. */
export class UnknownCacheError extends TestbedError {}

/** The sidecar is shutting down and takes no new work. */
export class StoppingError extends TestbedError {}

/** What request handlers work with. */
export interface HandlerContext {
  readonly name: string;
  readonly instance: string;
  readonly caches: ReadonlyMap<string, CacheBinding>;
  readonly transactions: TransactionRegistry;
  health(): Record<string, unknown>;
  /** Counts a multi-entry frame of `entries` entries (coalesced single-entry calls). */
  coalesced(entries: number): void;
}

/** The kind and message of an ERROR frame: the error's class name, its message and hint. */
export function describeError(error: unknown): { kind: string; message: string } {
  if (error instanceof Error) {
    const hint = error instanceof TestbedError && error.hint ? ` (${error.hint})` : '';
    return { kind: error.name || 'Error', message: `${error.message}${hint}` };
  }
  return { kind: 'Error', message: String(error) };
}

export function errorFrame(requestId: number, error: unknown): Buffer {
  const { kind, message } = describeError(error);
  return WireWriter.frame(Status.ERROR, requestId).str(kind).str(message).finish();
}

/** The cache a request names. */
export function binding(ctx: HandlerContext, name: string): CacheBinding {
  const b = ctx.caches.get(name);
  if (!b) {
    throw new UnknownCacheError(
      `no cache named ${name} is configured in the sidecar ${ctx.name} (it serves ${[...ctx.caches.keys()].join(', ')})`,
      {
        hint: 'Add the cache to the sidecar configuration, or fix the cache name in the Ignite configuration.',
      },
    );
  }
  return b;
}
