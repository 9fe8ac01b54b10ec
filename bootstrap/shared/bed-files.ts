/** What the roles read of the bed beyond the S3 objects: its inlined files, its data centre. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { RoleContext } from './context';

/** Writes the bed's inlined files (descriptors) under `dir`; returns the path of each. */
export function writeBedFiles(ctx: RoleContext, dir: string): (name: string) => string {
  for (const [name, text] of Object.entries(ctx.bed.files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return (name) => path.join(dir, name);
}

/** The data centre clients of the bed's Cassandra name as local. */
export function localDataCenter(ctx: RoleContext): string {
  const c = ctx.bed.spec.cassandra;
  return c.snitch === 'SimpleSnitch' ? 'datacenter1' : c.dataCenter;
}
