/**
 * The JSON Schema of the bed spec, emitted from the zod schema so it cannot drift (a unit test
 * compares the committed file). Regenerate: `npm run schemas`.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { z } from 'zod';

import { bedSpecSchema } from './schema';

/** Where the committed JSON Schema lives. */
export const BED_SCHEMA_FILE = path.join(__dirname, 'bed-spec.schema.json');

/** The text of the bed spec's JSON Schema file. */
export function bedJsonSchema(): string {
  const schema = {
    ...z.toJSONSchema(bedSpecSchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://ignite-cassandra-testbed/schemas/bed-spec.schema.json',
    title: 'ignite-cassandra-testbed bed spec',
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (require.main === module) {
  writeFileSync(BED_SCHEMA_FILE, bedJsonSchema());
  process.stdout.write(`wrote ${path.relative(process.cwd(), BED_SCHEMA_FILE)}\n`);
}
