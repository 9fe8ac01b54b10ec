/** The variants and workloads `bench:ignite` knows (see run.ts for what each variant is). */
export const ALL_VARIANTS = [
  'ignite-ts',
  'ignite-original',
  'store',
  'bridge',
  'ignite-none',
  'ignite-ts-partition',
  'ignite-ts-single',
  'ignite-ts-inflight2',
] as const;
export type Variant = (typeof ALL_VARIANTS)[number];

export const ALL_WORKLOADS = ['WRITE', 'BULK_WRITE', 'READ', 'BULK_READ'] as const;
export type Workload = (typeof ALL_WORKLOADS)[number];

/** Workloads of multi-entry calls: their targets need the median only. */
export const BULK_WORKLOADS: readonly Workload[] = ['BULK_WRITE', 'BULK_READ'];
