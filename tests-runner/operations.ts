/**
 * The workloads of the original load tests (WRITE, BULK_WRITE, READ, BULK_READ) plus deletes and a
 * read/write mix, and the target operations each one issues.
 */

/** One call a target implements. Bulk operations carry `bulkSize` entries per call. */
export const OPERATION_TYPES = [
  'write',
  'bulkWrite',
  'read',
  'bulkRead',
  'delete',
  'bulkDelete',
] as const;
export type OperationType = (typeof OPERATION_TYPES)[number];

/** Workload names, in the order `all` runs them: deletes last, so reads still find the data. */
export const WORKLOADS = [
  'WRITE',
  'BULK_WRITE',
  'READ',
  'BULK_READ',
  'MIXED',
  'DELETE',
  'BULK_DELETE',
] as const;
export type WorkloadName = (typeof WORKLOADS)[number];

/** The four workloads the original module ran, in its order. */
export const ORIGINAL_WORKLOADS: readonly WorkloadName[] = [
  'WRITE',
  'BULK_WRITE',
  'READ',
  'BULK_READ',
];

/** The operation types a workload issues (MIXED issues single reads and writes). */
export function workloadOperations(name: WorkloadName): readonly OperationType[] {
  switch (name) {
    case 'WRITE':
      return ['write'];
    case 'BULK_WRITE':
      return ['bulkWrite'];
    case 'READ':
      return ['read'];
    case 'BULK_READ':
      return ['bulkRead'];
    case 'DELETE':
      return ['delete'];
    case 'BULK_DELETE':
      return ['bulkDelete'];
    case 'MIXED':
      return ['read', 'write'];
  }
}

/** True for operations that carry `bulkSize` entries per call. */
export function isBulk(op: OperationType): boolean {
  return op === 'bulkWrite' || op === 'bulkRead' || op === 'bulkDelete';
}
