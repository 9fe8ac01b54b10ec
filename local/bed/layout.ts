/**
 * Where a local bed's nodes live: addresses in one loopback block (Cassandra from .1, Ignite from
 * .21, tests from .41, the Ganglia node on .61, the S3 server on .250), directories under the
 * bed's directory.
 */
import path from 'node:path';

import type { BedAddresses } from '../../bed/resolve';
import type { BedSpec } from '../../bed/schema';
import { UsageError } from '../../common/errors';
import type { LoopbackBlock } from '../ports';

/** The largest local bed per role (2 cores, shared machine). */
export const LOCAL_LIMITS = { cassandra: 5, ignite: 4, tests: 8 } as const;

const BASE = { cassandra: 1, ignite: 21, tests: 41, ganglia: 61 } as const;

/** ganglia-web's port on the Ganglia node's address (80 needs privileges locally). */
export const GANGLIA_WEB_PORT = 8080;

/** The S3 server's address in the block, and its port. */
export const S3_HOST_INDEX = 250;
export const S3_PORT = 9000;
export const BUCKET = 'testbed-local';

/** Refuses what the local bed cannot run, before anything starts (exit code 2). */
export function checkLocalSpec(spec: BedSpec, file: string): void {
  const problems: string[] = [];
  for (const role of ['cassandra', 'ignite', 'tests'] as const) {
    if (spec.nodes[role] > LOCAL_LIMITS[role]) {
      problems.push(
        `nodes.${role}: the local bed runs at most ${LOCAL_LIMITS[role]} (got ${spec.nodes[role]})`,
      );
    }
  }
  if (problems.length) {
    throw new UsageError(
      `The local bed cannot run ${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      {
        hint: 'Use a smaller spec locally (examples/beds/local-small.yaml); the cloud bed takes the large ones.',
      },
    );
  }
}

/** Every node's address in the block. */
export function localAddresses(spec: BedSpec, block: LoopbackBlock): BedAddresses {
  const of = (role: keyof typeof BASE) =>
    Array.from({ length: spec.nodes[role] }, (_, i) => block.address(BASE[role] + i));
  return {
    cassandra: of('cassandra'),
    ignite: of('ignite'),
    tests: of('tests'),
    ganglia: of('ganglia'),
  };
}

/** A node's work directory. */
export function nodeDir(bedDir: string, node: string, runId?: string): string {
  return runId ? path.join(bedDir, 'nodes', runId, node) : path.join(bedDir, 'nodes', node);
}
