/**
 * Reads a load-test configuration (YAML, JSON or the original `.properties`), applies command-line
 * overrides and validates it. Every problem is reported at once, each naming the file and line (or
 * the command-line option), the key, what is allowed and what was found.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { LineCounter, parseDocument, parse as parseYaml, isNode } from 'yaml';
import type { z } from 'zod';

import { UsageError } from '../../common/errors';
import { readProperties, setIn } from './properties';
import { loadTestConfigSchema, type LoadTestConfig } from './schema';
import type { ConfigSource } from './source';

/** A configuration that does not validate (code `CONFIG_INVALID`); the message lists every problem. */
export class ConfigError extends UsageError {
  constructor(
    readonly problems: readonly string[],
    file: string,
  ) {
    super(
      `Invalid load-test configuration ${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      {
        code: 'CONFIG_INVALID',
        data: { file, problems },
        hint: 'Fix the keys named above; README.md (Load-test runner) lists every setting.',
      },
    );
  }
}

/** One `--set path=value` (or a dedicated option mapped to a path). */
export interface ConfigOverride {
  readonly path: readonly string[];
  readonly value: unknown;
  /** How the user wrote it, for error messages (`--duration 5`). */
  readonly option: string;
}

/** Parses `key.path=value`; the value is read as a YAML scalar or flow list (`10`, `true`, `[a, b]`). */
export function parseSetOption(text: string): ConfigOverride {
  const eq = text.indexOf('=');
  if (eq <= 0) {
    throw new UsageError(`--set expects key=value (e.g. keys.choice=zipfian), got '${text}'.`);
  }
  const raw = text.slice(eq + 1).trim();
  return {
    path: text.slice(0, eq).trim().split('.'),
    value: raw === '' ? '' : (parseYaml(raw) as unknown),
    option: `--set ${text}`,
  };
}

function readYaml(text: string, file: string): ConfigSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const errors = doc.errors.map((e) => {
    const pos = lineCounter.linePos(e.pos[0]);
    return `${file}:${pos.line}:${pos.col}: ${e.message.split('\n')[0] ?? e.message}`;
  });
  const value: unknown = errors.length ? {} : doc.toJS();
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!errors.length && !isObject) {
    errors.push(`${file}: the file must hold a mapping of settings (e.g. 'target: driver').`);
  }
  return {
    raw: isObject ? (value as Record<string, unknown>) : {},
    errors,
    readable: errors.length === 0,
    locate(keyPath) {
      for (let n = keyPath.length; n > 0; n--) {
        const node: unknown = doc.getIn(keyPath.slice(0, n) as unknown[], true);
        if (isNode(node) && node.range) return `${file}:${lineCounter.linePos(node.range[0]).line}`;
        // A key whose value is null or missing has no node: point at the key itself.
        const parent: unknown =
          n > 1 ? doc.getIn(keyPath.slice(0, n - 1) as unknown[], true) : doc.contents;
        const pair =
          parent && typeof parent === 'object' && 'items' in parent
            ? (parent.items as { key?: { value?: unknown; range?: [number] } }[]).find(
                (p) => p.key?.value === keyPath[n - 1],
              )
            : undefined;
        if (pair?.key?.range) return `${file}:${lineCounter.linePos(pair.key.range[0]).line}`;
      }
      return file;
    },
  };
}

/** Reads a configuration file into a source, by its extension. */
export function readConfigSource(file: string): ConfigSource {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `Cannot read the load-test configuration ${file}: ${(error as Error).message}`,
      {
        hint: 'Pass an existing YAML, JSON or .properties file with --config.',
      },
    );
  }
  const ext = path.extname(file).toLowerCase();
  if (ext === '.properties') return readProperties(text, file);
  if (ext === '.yaml' || ext === '.yml' || ext === '.json') return readYaml(text, file);
  throw new UsageError(`Unknown configuration format '${ext || '(none)'}' of ${file}.`, {
    hint: 'Use a .yaml, .yml, .json or .properties file.',
  });
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

function valueAt(raw: unknown, keyPath: readonly PropertyKey[]): unknown {
  let node = raw;
  for (const key of keyPath) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** The keys an object schema allows at `keyPath` (through defaults, optionals and refinements). */
function allowedKeys(root: unknown, keyPath: readonly PropertyKey[]): string[] {
  let schema: unknown = root;
  const unwrap = (s: unknown): unknown => {
    for (let i = 0; i < 10; i++) {
      const def = (s as { _zod?: { def?: { innerType?: unknown; in?: unknown } } })._zod?.def;
      const inner = def?.innerType ?? def?.in;
      if (!inner) return s;
      s = inner;
    }
    return s;
  };
  for (const key of keyPath) {
    const inner = unwrap(schema) as {
      shape?: Record<PropertyKey, unknown>;
      _zod?: { def?: { element?: unknown } };
    };
    // Through lists too: `caches.0.name` looks up the element schema's keys.
    schema = inner.shape ? inner.shape[key] : inner._zod?.def?.element;
  }
  return Object.keys((unwrap(schema) as { shape?: object }).shape ?? {});
}

/**
 * A zod issue in words for a person: the key path it is about (an unknown key points at itself)
 * and what is allowed there, with the value found. `root` is the schema that was parsed, to list
 * the keys allowed where an unknown one was found.
 */
export function explainIssue(
  issue: z.core.$ZodIssue,
  raw: unknown,
  root: unknown = loadTestConfigSchema,
): { path: PropertyKey[]; text: string } {
  const explain = (i: z.core.$ZodIssue, r: unknown) => explainIssue(i, r, root);
  const keyPath = issue.path;
  const got = `(got ${describeValue(valueAt(raw, keyPath))})`;
  switch (issue.code) {
    case 'invalid_value': {
      const allowed = issue.values.map((v) => String(v)).join(', ');
      return {
        path: keyPath,
        text:
          valueAt(raw, keyPath) === undefined
            ? `is required (one of ${allowed})`
            : `must be one of ${allowed} ${got}`,
      };
    }
    case 'unrecognized_keys': {
      const key = issue.keys[0] ?? '';
      return {
        path: [...keyPath, key],
        text: `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}; allowed keys here: ${allowedKeys(root, keyPath).join(', ')}`,
      };
    }
    case 'invalid_type':
      return {
        path: keyPath,
        text:
          valueAt(raw, keyPath) === undefined
            ? `is required (a ${issue.expected})`
            : `must be ${issue.expected === 'array' ? 'a list' : `a ${issue.expected}`} ${got}`,
      };
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const relation =
        issue.code === 'too_small'
          ? issue.inclusive
            ? 'at least'
            : 'more than'
          : issue.inclusive
            ? 'at most'
            : 'less than';
      const what =
        issue.origin === 'array'
          ? `a list of ${relation} ${bound} item(s)`
          : `${relation} ${bound}`;
      return { path: keyPath, text: `must be ${what} ${got}` };
    }
    case 'invalid_union': {
      // Report the alternative that got furthest (the list form of `workloads`, for instance).
      const nested = issue.errors.flat().sort((a, b) => b.path.length - a.path.length)[0];
      if (nested) {
        const inner = explain({ ...nested, path: [...keyPath, ...nested.path] }, raw);
        return keyPath[0] === 'workloads' && nested.path.length === 0
          ? { path: keyPath, text: `must be 'all' or a list of workloads ${got}` }
          : inner;
      }
      return { path: keyPath, text: `${issue.message} ${got}` };
    }
    default:
      return { path: keyPath, text: `${issue.message} ${got}` };
  }
}

/** Where the configuration came from, to resolve relative file settings against. */
export interface ParseContext {
  /** Label of the configuration in messages (its path). */
  readonly file: string;
  readonly source: ConfigSource;
  readonly overrides?: readonly ConfigOverride[];
}

/** Validates a configuration read from {@link ParseContext.source} plus overrides. */
export function parseConfig({ file, source, overrides = [] }: ParseContext): LoadTestConfig {
  const raw = structuredClone(source.raw);
  for (const o of overrides) setIn(raw, o.path, o.value);
  // Syntax errors leave nothing worth validating; unknown properties do not stop the other checks.
  if (source.errors.length && !source.readable) throw new ConfigError(source.errors, file);
  const result = loadTestConfigSchema.safeParse(raw);
  if (!result.success || source.errors.length) {
    const problems = (result.error?.issues ?? []).map((issue) => {
      const { path: keyPath, text } = explainIssue(issue, raw);
      const name = keyPath.map(String).join('.') || '(top level)';
      const override = overrides.find((o) => o.path.every((k, i) => String(keyPath[i]) === k));
      const where = override ? `command line (${override.option})` : source.locate(keyPath);
      return `${where}: ${name}: ${text}`;
    });
    throw new ConfigError([...source.errors, ...problems], file);
  }
  const config = result.data;
  // File settings are relative to the configuration file, not to where the command runs.
  const base = path.dirname(path.resolve(file));
  const resolve = (p: string | undefined): string | undefined =>
    p === undefined ? p : path.resolve(base, p);
  return {
    ...config,
    persistenceSettings: resolve(config.persistenceSettings),
    igniteConfig: resolve(config.igniteConfig),
  };
}

/** Reads, overrides and validates a configuration file. */
export function loadConfig(
  file: string,
  overrides: readonly ConfigOverride[] = [],
): LoadTestConfig {
  return parseConfig({ file, source: readConfigSource(file), overrides });
}
