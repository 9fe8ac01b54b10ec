/**
 * Target kinds the configuration accepts. Kept apart from the registry so the configuration schema
 * does not load the targets' client libraries. Adding a target: one entry here and one in
 * `registry.ts`.
 */
export const TARGET_KINDS = ['noop', 'driver', 'store', 'ignite'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];
