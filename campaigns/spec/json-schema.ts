/**
 * The JSON Schema of the campaign spec, emitted from the zod schema so it cannot drift (a unit test
 * compares the committed file). Regenerate: `npx tsx campaigns/spec/json-schema.ts`.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { z } from 'zod';

import { campaignSpecSchema } from './schema';

/** Where the committed JSON Schema lives. */
export const CAMPAIGN_SCHEMA_FILE = path.join(__dirname, '..', 'campaign-spec.schema.json');

/** The text of the campaign spec's JSON Schema file. */
export function campaignJsonSchema(): string {
  const schema = {
    ...z.toJSONSchema(campaignSpecSchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://ignite-cassandra-testbed/schemas/campaign-spec.schema.json',
    title: 'ignite-cassandra-testbed campaign spec',
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (require.main === module) {
  writeFileSync(CAMPAIGN_SCHEMA_FILE, campaignJsonSchema());
  process.stdout.write(`wrote ${path.relative(process.cwd(), CAMPAIGN_SCHEMA_FILE)}\n`);
}
