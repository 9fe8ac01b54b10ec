import { setTimeout as sleep } from 'node:timers/promises';

import type { Client, Host } from 'cassandra-driver';

import { TestbedError } from '../../common/errors';
import { waitFor, WaitTimeoutError } from '../../common/wait';

/** One node's gossip entry for one peer. */
interface GossipEntry {
  readonly status: string;
  readonly heartbeat: number;
}

/** How each node sees each peer: `views.get(observer).get(peer)`. */
export type RingView = Map<string, Map<string, PeerState>>;

/** A peer's state as one observer sees it. */
export interface PeerState {
  /** Gossip status, e.g. NORMAL, LEAVING, shutdown. */
  readonly status: string;
  /** Its gossip heartbeat advanced between two samples: the observer hears from it, i.e. Up. */
  readonly up: boolean;
}

async function gossipOf(
  client: Client,
  observer: string,
): Promise<Map<string, GossipEntry> | undefined> {
  // The driver's types say a host is always found; a node it has not discovered yet is not.
  const host = client.hosts.get(observer) as Host | undefined;
  if (!host?.isUp()) return undefined;
  try {
    // A virtual table: node-local, so the query must run on the observer itself.
    const rs = await client.execute(
      'SELECT address, status, status_with_port, heartbeat FROM system_views.gossip_info',
      [],
      {
        host,
        isIdempotent: true,
      },
    );
    const entries = new Map<string, GossipEntry>();
    for (const row of rs.rows) {
      const address = String(row.get('address'));
      entries.set(address, {
        // Peers announce their state in status_with_port only; `status` is the pre-4.0 field.
        status: String(row.get('status_with_port') ?? row.get('status') ?? '').split(',')[0] ?? '',
        heartbeat: Number(row.get('heartbeat') ?? 0),
      });
    }
    return entries;
  } catch {
    return undefined; // the observer is down or restarting: it has no view
  }
}

/**
 * Samples every observer's gossip twice, `intervalMs` apart. A peer is Up for an observer when its
 * heartbeat advanced in between: heartbeats beat every second and spread by gossip rounds to one
 * random peer each second, so on a busy machine an update can take a few seconds to arrive; 3 s
 * is still far stricter than the failure detector (which convicts after ~10 s of silence). A
 * silent peer is exactly what the failure detector convicts. This needs no JMX (nodetool), only CQL.
 *
 * @param observers CQL endpoints (`address:port`) whose view is wanted
 */
export async function sampleRing(
  client: Client,
  observers: readonly string[],
  intervalMs = 3000,
): Promise<RingView> {
  const first = await Promise.all(observers.map((o) => gossipOf(client, o)));
  await sleep(intervalMs);
  const second = await Promise.all(observers.map((o) => gossipOf(client, o)));
  const view: RingView = new Map();
  observers.forEach((observer, i) => {
    const before = first[i];
    const after = second[i];
    const peers = new Map<string, PeerState>();
    if (before && after) {
      for (const [peer, now] of after) {
        const then = before.get(peer);
        peers.set(peer, {
          status: now.status,
          up: then !== undefined && now.heartbeat > then.heartbeat,
        });
      }
    }
    view.set(observer, peers);
  });
  return view;
}

/** Which (observer, peer) pairs are not Up/Normal yet; empty when the ring is whole. */
export function ringProblems(
  view: RingView,
  addresses: readonly string[],
  observers: readonly string[],
): string[] {
  const problems: string[] = [];
  observers.forEach((observer, i) => {
    const peers = view.get(observer);
    if (!peers || peers.size === 0) {
      problems.push(`${addresses[i] ?? observer} does not answer`);
      return;
    }
    for (const peer of addresses) {
      const state = peers.get(peer);
      if (!state) problems.push(`${addresses[i] ?? observer} does not know ${peer}`);
      else if (state.status !== 'NORMAL' || !state.up) {
        problems.push(
          `${addresses[i] ?? observer} sees ${peer} ${state.up ? 'Up' : 'Down'}/${state.status || 'unknown'}`,
        );
      }
    }
  });
  return problems;
}

/** Raised when the ring does not form in time; names each observer/peer pair that is not Up/Normal. */
export class RingError extends TestbedError {}

/** Waits until every node sees every node Up/Normal. */
export async function waitForRing(
  client: Client,
  addresses: readonly string[],
  observers: readonly string[],
  timeoutMs: number,
): Promise<void> {
  let problems: string[] = ['no sample yet'];
  try {
    await waitFor(
      async () => {
        problems = ringProblems(await sampleRing(client, observers), addresses, observers);
        return problems.length === 0;
      },
      {
        description: 'every node to see every node Up/Normal',
        timeoutMs,
        intervalMs: 200,
        maxIntervalMs: 1000,
      },
    );
  } catch (error) {
    if (!(error instanceof WaitTimeoutError)) throw error;
    throw new RingError(`${error.message}: ${problems.join('; ')}`, { cause: error });
  }
}
