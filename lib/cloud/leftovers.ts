/**
 * After destroy: every resource still tagged with the bed id, through the Resource Groups Tagging
 * API, and the bed stack's final status. An empty answer is what `testbed cloud down` promises.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';

/** What is left of a bed. */
export interface Leftovers {
  /** ARNs still tagged `testbed:bed=<id>` (terminated instances excluded). */
  readonly taggedArns: readonly string[];
  /** The stack's status when it still exists and is not DELETE_COMPLETE. */
  readonly stackStatus: string | undefined;
}

/** Lists what is left of bed `bedId` (stack `stackName`) in `region`. */
export async function findLeftovers(
  bedId: string,
  stackName: string,
  region: string,
): Promise<Leftovers> {
  const tagging = new ResourceGroupsTaggingAPIClient({ region });
  const cfn = new CloudFormationClient({ region });
  try {
    const taggedArns: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < 100; page++) {
      const r = await tagging.send(
        new GetResourcesCommand({
          TagFilters: [{ Key: 'testbed:bed', Values: [bedId] }],
          ...(token ? { PaginationToken: token } : {}),
        }),
      );
      for (const m of r.ResourceTagMappingList ?? [])
        if (m.ResourceARN) taggedArns.push(m.ResourceARN);
      token = r.PaginationToken || undefined;
      if (!token) break;
    }
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
  }
}
