/**
 * The original module's `tests.properties` (and `connection.properties`' `contact.points`), mapped
 * onto the configuration. Every key the original knew is accepted: load-test keys are translated,
 * unit-test keys are ignored by name; anything else is an error naming the line.
 * `testbed.<path>` reaches any native setting (`testbed.keys.choice=zipfian`).
 */
import { parse as parseYamlScalar } from 'yaml';

import type { ConfigSource } from './source';

interface Mapping {
  readonly path: readonly string[];
  readonly convert: (value: string) => unknown;
}

const number = (value: string): unknown => (/^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value);
const msToSeconds = (value: string): unknown => {
  const n = number(value);
  return typeof n === 'number' ? n / 1000 : n;
};
const list = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Generator classes of the original (`org.apache.ignite.tests.load.LongGenerator`, …). */
const GENERATOR_CLASSES: Record<string, string> = {
  LongGenerator: 'long',
  StringGenerator: 'string',
  PersonGenerator: 'person',
};
const generator = (value: string): unknown =>
  GENERATOR_CLASSES[value.split('.').pop() ?? ''] ?? value;

const MAPPINGS: Record<string, Mapping> = {
  'load.tests.threads.count': { path: ['concurrency'], convert: number },
  'load.tests.warmup.period': { path: ['warmupSeconds'], convert: msToSeconds },
  'load.tests.execution.time': { path: ['durationSeconds'], convert: msToSeconds },
  'load.tests.requests.latency': { path: ['thinkTimeMs'], convert: number },
  'bulk.operation.size': { path: ['bulkSize'], convert: number },
  'load.tests.cache.name': { path: ['tableName'], convert: (v) => v.toLowerCase() },
  'load.tests.persistence.settings': { path: ['persistenceSettings'], convert: (v) => v },
  'load.tests.ignite.config': { path: ['igniteConfig'], convert: (v) => v },
  'load.tests.key.generator': { path: ['keys', 'generator'], convert: generator },
  'load.tests.value.generator': { path: ['values', 'generator'], convert: generator },
  'contact.points': { path: ['cassandra', 'contactPoints'], convert: list },
};

/** Keys of the original's unit tests that share the file; they mean nothing to a load test. */
const IGNORED = new Set([
  'transaction.products.count',
  'transaction.orders.count',
  'orders.year',
  'orders.month',
  'orders.day',
]);

/** The property keys this reader understands, for error messages. */
export const PROPERTY_KEYS: readonly string[] = [
  ...Object.keys(MAPPINGS),
  'testbed.<setting path>',
];

function setIn(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const child = node[key];
    if (typeof child !== 'object' || child === null || Array.isArray(child)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1] as string] = value;
}

/** One logical line of a properties file: continuation lines joined, with its first line number. */
function* logicalLines(text: string): Generator<{ line: number; text: string }> {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let current = (lines[i] ?? '').trimStart();
    while (/(^|[^\\])(\\\\)*\\$/.test(current) && i + 1 < lines.length) {
      current = current.slice(0, -1) + (lines[++i] ?? '').trimStart();
    }
    yield { line: start + 1, text: current };
  }
}

/** Reads a `.properties` text into a raw configuration object and where each setting came from. */
export function readProperties(text: string, file: string): ConfigSource {
  const raw: Record<string, unknown> = {};
  const where = new Map<string, { line: number; key: string }>();
  const errors: string[] = [];
  for (const { line, text: content } of logicalLines(text)) {
    if (content === '' || content.startsWith('#') || content.startsWith('!')) continue;
    const match = /^((?:[^\s=:\\]|\\.)+)\s*[=:\s]\s*(.*)$/.exec(content) ?? [content, content, ''];
    const key = match[1].replace(/\\(.)/g, '$1');
    const value = match[2].trim();
    if (IGNORED.has(key)) continue;
    let path: readonly string[];
    let converted: unknown;
    const mapping = MAPPINGS[key];
    if (mapping) {
      path = mapping.path;
      converted = mapping.convert(value);
    } else if (key.startsWith('testbed.') && key.length > 'testbed.'.length) {
      path = key.slice('testbed.'.length).split('.');
      converted = value === '' ? '' : (parseYamlScalar(value) as unknown);
    } else {
      errors.push(
        `${file}:${line}: unknown key '${key}'. Known keys: ${PROPERTY_KEYS.join(', ')} (and the original unit-test keys, which are ignored).`,
      );
      continue;
    }
    setIn(raw, path, converted);
    where.set(path.join('.'), { line, key });
  }
  return {
    raw,
    errors,
    readable: true,
    locate(path) {
      for (let n = path.length; n > 0; n--) {
        const hit = where.get(path.slice(0, n).join('.'));
        if (hit) return `${file}:${hit.line} (${hit.key})`;
      }
      return file;
    },
  };
}

export { setIn };
