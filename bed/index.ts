export { ROLES, cloudSchema, type CloudSettings, type Role } from './cloud-schema';
export { BED_SCHEMA_FILE, bedJsonSchema } from './json-schema';
export {
  BedSpecError,
  loadBedSpec,
  parseBedSpec,
  type BedLoadTest,
  type LoadedBedSpec,
} from './load-spec';
export {
  bedSpecSchema,
  ID_PATTERN,
  type BedSpec,
  type BedSpecInput,
  type CacheSpec,
} from './schema';
export {
  BedLayout,
  RunLayout,
  defaultBedPrefix,
  newBedRunId,
  nodeId,
  parseNodeId,
  type NodeId,
} from './s3-layout';
export {
  barrierArrivalSchema,
  nodeStatusSchema,
  PHASES,
  runOutcomeSchema,
  type BarrierArrival,
  type NodeStatusObject,
  type Phase,
  type RunOutcome,
} from './status';
export {
  resolveBed,
  resolvedBedSchema,
  type BedAddresses,
  type ResolvedBed,
  type ResolvedLoadTest,
} from './resolve';
export { servicesKey } from './services';
