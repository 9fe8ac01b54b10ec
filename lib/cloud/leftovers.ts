/**
 * After destroy: every resource still tagged with the bed id, through the Resource Groups Tagging
 * API, and the bed stack's final status. An empty answer is what `testbed cloud down` promises.
 * The tagging API keeps listing terminated instances and deleted NAT gateways for a while (they
 * cost nothing and vanish on their own); those are checked with EC2 and left out.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  DescribeInstancesCommand,
  DescribeNatGatewaysCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';

/** What is left of a bed. */
export interface Leftovers {
  /** ARNs still tagged `testbed:bed=<id>` (terminated instances, deleted NAT gateways excluded). */
  readonly taggedArns: readonly string[];
  /** The stack's status when it still exists and is not DELETE_COMPLETE. */
  readonly stackStatus: string | undefined;
}

const GONE_INSTANCE_STATES = new Set(['terminated', 'shutting-down']);

/** The resource id of an EC2 ARN of `type` (`instance`, `natgateway`), else undefined. */
function ec2Id(arn: string, type: string): string | undefined {
  const m = /^arn:[^:]+:ec2:[^:]*:[^:]*:([a-z-]+)\/(.+)$/.exec(arn);
  return m && m[1] === type ? m[2] : undefined;
}

/** The ids among `ids` that EC2 reports as gone (terminated instances, deleted NAT gateways). */
async function goneIds(
  ec2: EC2Client,
  instanceIds: string[],
  natIds: string[],
): Promise<Set<string>> {
  const gone = new Set<string>();
  for (let i = 0; i < instanceIds.length; i += 100) {
    const r = await ec2.send(
      new DescribeInstancesCommand({
        Filters: [{ Name: 'instance-id', Values: instanceIds.slice(i, i + 100) }],
      }),
    );
    const seen = new Set<string>();
    for (const inst of (r.Reservations ?? []).flatMap((x) => x.Instances ?? [])) {
      if (!inst.InstanceId) continue;
      seen.add(inst.InstanceId);
      if (GONE_INSTANCE_STATES.has(inst.State?.Name ?? '')) gone.add(inst.InstanceId);
    }
    // An instance EC2 no longer knows at all is gone too.
    for (const id of instanceIds.slice(i, i + 100)) if (!seen.has(id)) gone.add(id);
  }
  if (natIds.length > 0) {
    const r = await ec2.send(
      new DescribeNatGatewaysCommand({ Filter: [{ Name: 'nat-gateway-id', Values: natIds }] }),
    );
    const seen = new Set<string>();
    for (const g of r.NatGateways ?? []) {
      if (!g.NatGatewayId) continue;
      seen.add(g.NatGatewayId);
      if (g.State === 'deleted') gone.add(g.NatGatewayId);
    }
    for (const id of natIds) if (!seen.has(id)) gone.add(id);
  }
  return gone;
}

/** Lists what is left of bed `bedId` (stack `stackName`) in `region`. */
export async function findLeftovers(
  bedId: string,
  stackName: string,
  region: string,
): Promise<Leftovers> {
  const tagging = new ResourceGroupsTaggingAPIClient({ region });
  const cfn = new CloudFormationClient({ region });
  const ec2 = new EC2Client({ region });
  try {
    const tagged: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < 100; page++) {
      const r = await tagging.send(
        new GetResourcesCommand({
          TagFilters: [{ Key: 'testbed:bed', Values: [bedId] }],
          ...(token ? { PaginationToken: token } : {}),
        }),
      );
      for (const m of r.ResourceTagMappingList ?? []) if (m.ResourceARN) tagged.push(m.ResourceARN);
      token = r.PaginationToken || undefined;
      if (!token) break;
    }
    const instanceIds = tagged.map((a) => ec2Id(a, 'instance')).filter((x): x is string => !!x);
    const natIds = tagged.map((a) => ec2Id(a, 'natgateway')).filter((x): x is string => !!x);
    const gone = await goneIds(ec2, instanceIds, natIds);
    const taggedArns = tagged.filter((a) => {
      const id = ec2Id(a, 'instance') ?? ec2Id(a, 'natgateway');
      return id === undefined || !gone.has(id);
    });
    let stackStatus: string | undefined;
    try {
      const s = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
      const status = s.Stacks?.[0]?.StackStatus;
      stackStatus = status === 'DELETE_COMPLETE' ? undefined : status;
    } catch (e) {
      if (!(e instanceof Error && /does not exist/.test(e.message))) throw e;
    }
    return { taggedArns, stackStatus };
  } finally {
    tagging.destroy();
    cfn.destroy();
    ec2.destroy();
  }
}
