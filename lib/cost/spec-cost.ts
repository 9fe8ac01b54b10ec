import { NODE_ROLES } from '../addresses';
import {
  DEFAULT_INSTANCE_TYPES,
  DEFAULT_REGION,
  DEFAULT_TTL_HOURS,
  type CloudBedSpec,
} from '../spec-props';
import { estimateBedCost, type BedCostEstimate } from './estimate';

/** The estimate of a spec's bed (types and storage as the CDK app maps them). */
export function estimateSpecCost(
  spec: CloudBedSpec,
  ttlHours = spec.cloud?.ttlHours ?? DEFAULT_TTL_HOURS,
): BedCostEstimate {
  const cloud = spec.cloud ?? {};
  const fleets = NODE_ROLES.map((role) => ({
    role,
    count: spec.nodes[role] ?? 0,
    instanceType: cloud.instanceTypes?.[role] ?? DEFAULT_INSTANCE_TYPES[role],
    rootGiB: cloud.storage?.[role]?.sizeGiB ?? 30,
  }));
  return estimateBedCost(fleets, {
    egress: cloud.egress ?? 'nat',
    ttlHours,
    region: cloud.region ?? DEFAULT_REGION,
  });
}
