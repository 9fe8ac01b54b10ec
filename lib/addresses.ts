/**
 * The fixed private addresses of a bed's nodes: every node's IP is known at synth, so seeds,
 * tokens and membership are rendered into each node's launcher and no discovery is needed.
 * Blocks within the nodes subnet (a /24): Cassandra .10–.49, Ignite .50–.99, load tests
 * .100–.199, Ganglia .200 (AWS reserves .0–.3 and .255).
 */
import { CloudBedError } from './errors';

/** The roles a bed's nodes run (the bootstrap contract's TESTBED_ROLE). */
export const NODE_ROLES = ['cassandra', 'ignite', 'tests', 'ganglia'] as const;
export type NodeRole = (typeof NODE_ROLES)[number];

/** How many nodes of each role. */
export type NodeCounts = Readonly<Record<NodeRole, number>>;

/** First host number and capacity of each role's block. */
export const ADDRESS_BLOCKS: Readonly<Record<NodeRole, { first: number; size: number }>> = {
  cassandra: { first: 10, size: 40 },
  ignite: { first: 50, size: 50 },
  tests: { first: 100, size: 100 },
  ganglia: { first: 200, size: 1 },
};

/** The spec key each role's count comes from, for error messages. */
const COUNT_KEY: Record<NodeRole, string> = {
  cassandra: 'nodes.cassandra',
  ignite: 'nodes.ignite',
  tests: 'nodes.tests',
  ganglia: 'nodes.ganglia',
};

/** Checks that every role's nodes fit into its block of fixed addresses. */
export function checkNodeCounts(counts: NodeCounts): void {
  for (const role of NODE_ROLES) {
    const n = counts[role];
    const { size } = ADDRESS_BLOCKS[role];
    if (!Number.isInteger(n) || n < 0 || n > size) {
      throw new CloudBedError(
        'too-many-nodes',
        `${COUNT_KEY[role]} is ${n}, but the bed's subnet has ${size} fixed address${size === 1 ? '' : 'es'} for ${role} nodes.`,
        {
          hint: `Use at most ${size} ${role} node${size === 1 ? '' : 's'} per bed (or split the bed).`,
        },
      );
    }
  }
}

/**
 * The address of node `index` of `role` in a /24 given as `a.b.c.0/24`.
 * @throws CloudBedError when the CIDR is not a literal /24 or the index is outside the block.
 */
export function nodeAddress(subnetCidr: string, role: NodeRole, index: number): string {
  const m = /^(\d+\.\d+\.\d+)\.0\/24$/.exec(subnetCidr);
  if (!m) {
    throw new CloudBedError(
      'invalid-prop',
      `the nodes subnet's CIDR is ${JSON.stringify(subnetCidr)}; fixed addresses need a literal /24 such as 10.42.0.0/24.`,
      { hint: 'Give the bed network a /24 nodes subnet (cidrMask 24) from a literal VPC CIDR.' },
    );
  }
  const block = ADDRESS_BLOCKS[role];
  if (!Number.isInteger(index) || index < 0 || index >= block.size) {
    throw new CloudBedError(
      'too-many-nodes',
      `${role} node ${index} has no fixed address (the block holds ${block.size}).`,
      { hint: `Use at most ${block.size} ${role} nodes.` },
    );
  }
  return `${m[1]}.${block.first + index}`;
}

/** Every node's address, per role, in index order. */
export function bedAddresses(subnetCidr: string, counts: NodeCounts): Record<NodeRole, string[]> {
  checkNodeCounts(counts);
  const out = {} as Record<NodeRole, string[]>;
  for (const role of NODE_ROLES) {
    out[role] = Array.from({ length: counts[role] }, (_, i) => nodeAddress(subnetCidr, role, i));
  }
  return out;
}
