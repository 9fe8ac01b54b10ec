/**
 * The bed sweeper's Lambda handler (Node 24, the AWS SDK v3 the runtime ships), inlined into the
 * template so synth needs no bundler. It deletes bed stacks (`<prefix>*`, tagged `testbed:bed`)
 * whose `testbed:ttl` deadline passed more than `GRACE_MINUTES` ago: their TTL schedule failed or
 * was removed. Stacks already being deleted are left alone. Logged as one JSON line per decision;
 * test/unit/cdk/campaign-sweeper.test.ts runs this exact text against a scripted client.
 */
export const SWEEPER_CODE = `
const cfn = require('@aws-sdk/client-cloudformation');
const client = new cfn.CloudFormationClient({});
const PREFIX = process.env.BED_STACK_PREFIX;
const GRACE_MS = Number(process.env.GRACE_MINUTES) * 60000;
const LIVE = ['CREATE_IN_PROGRESS', 'CREATE_FAILED', 'CREATE_COMPLETE', 'ROLLBACK_IN_PROGRESS',
  'ROLLBACK_FAILED', 'ROLLBACK_COMPLETE', 'DELETE_FAILED', 'UPDATE_IN_PROGRESS',
  'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_COMPLETE', 'UPDATE_FAILED',
  'UPDATE_ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_FAILED',
  'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE'];
exports.handler = async () => {
  const now = Date.now();
  const deleted = [];
  const failed = [];
  let token;
  let pages = 0;
  do {
    const page = await client.send(new cfn.ListStacksCommand({ NextToken: token, StackStatusFilter: LIVE }));
    for (const s of page.StackSummaries || []) {
      if (!s.StackName || !s.StackName.startsWith(PREFIX)) continue;
      const d = await client.send(new cfn.DescribeStacksCommand({ StackName: s.StackId }));
      const stack = (d.Stacks || [])[0];
      if (!stack) continue;
      const tags = Object.fromEntries((stack.Tags || []).map((t) => [t.Key, t.Value]));
      const ttl = Date.parse(tags['testbed:ttl'] || '');
      if (!tags['testbed:bed'] || Number.isNaN(ttl) || ttl + GRACE_MS > now) continue;
      try {
        await client.send(new cfn.DeleteStackCommand({ StackName: s.StackId }));
        deleted.push(s.StackName);
        console.log(JSON.stringify({ sweep: 'delete', stack: s.StackName, ttl: tags['testbed:ttl'], status: stack.StackStatus }));
      } catch (error) {
        failed.push(s.StackName);
        console.log(JSON.stringify({ sweep: 'failed', stack: s.StackName, error: String(error) }));
      }
    }
    token = page.NextToken;
    pages += 1;
  } while (token && pages < 50);
  if (failed.length > 0) throw new Error('could not delete expired beds: ' + failed.join(', '));
  return { deleted };
};
`;
