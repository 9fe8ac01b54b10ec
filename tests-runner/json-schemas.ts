/**
 * JSON Schemas of the configuration and of the results format, emitted from the zod schemas so they
 * cannot drift (a unit test compares the committed files). Regenerate: `npm run schemas`.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { z } from 'zod';

import { loadTestConfigSchema } from './config/schema';
import { loadTestResultSchema, RESULT_VERSION } from './results/schema';

/** Each schema file and its content. */
export function jsonSchemas(): { file: string; text: string }[] {
  const config = {
    ...z.toJSONSchema(loadTestConfigSchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://ignite-cassandra-testbed/schemas/load-test-config.schema.json',
    title: 'ignite-cassandra-testbed load-test configuration',
  };
  const results = {
    ...z.toJSONSchema(loadTestResultSchema, { io: 'output', unrepresentable: 'any' }),
    $id: `https://ignite-cassandra-testbed/schemas/load-test-result-v${RESULT_VERSION}.schema.json`,
    title: `ignite-cassandra-testbed load-test results, version ${RESULT_VERSION}`,
  };
  return [
    {
      file: path.join(__dirname, 'config', 'load-test-config.schema.json'),
      text: `${JSON.stringify(config, null, 2)}\n`,
    },
    {
      file: path.join(__dirname, 'results', 'load-test-result.schema.json'),
      text: `${JSON.stringify(results, null, 2)}\n`,
    },
  ];
}

if (require.main === module) {
  for (const { file, text } of jsonSchemas()) {
    writeFileSync(file, text);
    process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
  }
}
