import { readFileSync } from 'node:fs';

import { UsageError } from '../../common/errors';
import { RESULT_FORMAT, RESULT_VERSION, loadTestResultSchema, type LoadTestResult } from './schema';

/** Reads and validates a results file, with a message naming the file and the first bad fields. */
export function readResults(file: string): LoadTestResult {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`Cannot read results ${file}: ${(error as Error).message}`, {
      hint: 'Pass the node-<i>.json files a load-test run wrote.',
    });
  }
  const head = data as { format?: unknown; version?: unknown } | null;
  if (head?.format !== RESULT_FORMAT) {
    throw new UsageError(
      `${file} is not a load-test results file (format ${JSON.stringify(head?.format)}).`,
    );
  }
  if (head.version !== RESULT_VERSION) {
    throw new UsageError(
      `${file} has results format version ${JSON.stringify(head.version)}; this testbed reads version ${RESULT_VERSION}.`,
      { hint: 'Render it with the testbed version that wrote it.' },
    );
  }
  const parsed = loadTestResultSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 5)
      .map((i) => `  - ${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new UsageError(`${file} does not match the results schema:\n${problems.join('\n')}`);
  }
  return parsed.data;
}
