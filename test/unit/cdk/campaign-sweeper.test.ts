import { SWEEPER_CODE } from '../../../lib/campaign/private/sweeper-code';

/** A CloudFormation client scripted with stacks; records what the handler sent. */
function scripted(stacks: Array<{ name: string; status: string; tags: Record<string, string> }>) {
  const sent: Array<{ command: string; input: Record<string, unknown> }> = [];
  class Command {
    constructor(readonly input: Record<string, unknown>) {}
  }
  const commands = {
    ListStacksCommand: class ListStacksCommand extends Command {},
    DescribeStacksCommand: class DescribeStacksCommand extends Command {},
    DeleteStackCommand: class DeleteStackCommand extends Command {},
  };
  const client = {
    send(command: Command) {
      const name = command.constructor.name;
      sent.push({ command: name, input: command.input });
      if (name === 'ListStacksCommand') {
        const page = Number(((command.input.NextToken as string | undefined) ?? 'p0').slice(1));
        const part = stacks.slice(page * 2, page * 2 + 2);
        return Promise.resolve({
          StackSummaries: part.map((s) => ({ StackName: s.name, StackId: `id/${s.name}` })),
          ...(page * 2 + 2 < stacks.length ? { NextToken: `p${page + 1}` } : {}),
        });
      }
      if (name === 'DescribeStacksCommand') {
        const s = stacks.find((x) => `id/${x.name}` === command.input.StackName)!;
        return Promise.resolve({
          Stacks: [
            {
              StackStatus: s.status,
              Tags: Object.entries(s.tags).map(([Key, Value]) => ({ Key, Value })),
            },
          ],
        });
      }
      return Promise.resolve({});
    },
  };
  const module = { exports: {} as { handler?: () => Promise<{ deleted: string[] }> } };
  const requireFake = (id: string) => {
    expect(id).toBe('@aws-sdk/client-cloudformation');
    return {
      // The handler calls `new CloudFormationClient({})`; a function returning the fake stands in.
      CloudFormationClient: function CloudFormationClient() {
        return client;
      },
      ...commands,
    };
  };
  const env = { BED_STACK_PREFIX: 'Testbed-', GRACE_MINUTES: '30' };
  // The shipped text itself, with the runtime's require and environment scripted.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- running the shipped Lambda text is the point
  const load = new Function('exports', 'require', 'process', 'console', SWEEPER_CODE) as (
    ...args: unknown[]
  ) => void;
  load(module.exports, requireFake, { env }, { log: () => undefined });
  return { handler: module.exports.handler!, sent };
}

describe('bed sweeper handler', () => {
  it('deletes only bed stacks whose TTL passed more than the grace ago, over every page', async () => {
    const past = new Date(Date.now() - 3_600_000).toISOString();
    const recent = new Date(Date.now() - 10 * 60_000).toISOString();
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const { handler, sent } = scripted([
      {
        name: 'Testbed-nightly',
        status: 'CREATE_COMPLETE',
        tags: { 'testbed:bed': 'nightly', 'testbed:ttl': past },
      },
      {
        name: 'Testbed-young',
        status: 'CREATE_COMPLETE',
        tags: { 'testbed:bed': 'young', 'testbed:ttl': future },
      },
      {
        name: 'Testbed-grace',
        status: 'CREATE_COMPLETE',
        tags: { 'testbed:bed': 'grace', 'testbed:ttl': recent },
      },
      { name: 'Testbed-untagged', status: 'CREATE_COMPLETE', tags: { 'testbed:ttl': past } },
      {
        name: 'TestbedResults',
        status: 'CREATE_COMPLETE',
        tags: { 'testbed:bed': 'x', 'testbed:ttl': past },
      },
      {
        name: 'Testbed-stuck',
        status: 'DELETE_FAILED',
        tags: { 'testbed:bed': 'stuck', 'testbed:ttl': past },
      },
    ]);
    await expect(handler()).resolves.toEqual({ deleted: ['Testbed-nightly', 'Testbed-stuck'] });
    expect(sent.filter((s) => s.command === 'DeleteStackCommand').map((s) => s.input)).toEqual([
      { StackName: 'id/Testbed-nightly' },
      { StackName: 'id/Testbed-stuck' },
    ]);
    expect(sent.filter((s) => s.command === 'ListStacksCommand')).toHaveLength(3);
    expect(
      sent.filter((s) => s.command === 'DescribeStacksCommand').map((s) => s.input.StackName),
    ).not.toContain('id/TestbedResults');
  });
});
