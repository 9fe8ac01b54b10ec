/**
 * The S3 layout of a bed: one place that builds every key, used by the launchers (local and CDK),
 * the bootstrap scripts and the report tools. Keys are relative to the bucket; `bedPrefix` is the
 * bed's root (`TESTBED_S3_PREFIX`). A run owns everything under `runs/<run id>/`; a new run gets a
 * new id, so no run ever writes into another's keys. Documented in bootstrap/README.md.
 */
import { randomBytes } from 'node:crypto';

import { UsageError } from '../common/errors';
import type { Role } from './cloud-schema';
import { ID_PATTERN } from './schema';

/** `<role>-<index>`: a node's name in keys, status tables and logs. */
export type NodeId = `${Role}-${number}`;

/** The id of node `index` (0-based) of `role`. */
export function nodeId(role: Role, index: number): NodeId {
  return `${role}-${index}`;
}

/** Splits a {@link NodeId}; undefined when the text is not one. */
export function parseNodeId(text: string): { role: Role; index: number } | undefined {
  const m = /^(cassandra|ignite|tests|ganglia)-(\d+)$/.exec(text);
  return m ? { role: m[1] as Role, index: Number(m[2]) } : undefined;
}

/**
 * A new run id: UTC time to the second (so ids sort by start) and 4 random hex digits (so two
 * launches in the same second differ), e.g. `r20261207-211500-3fa9`.
 */
export function newBedRunId(now: Date = new Date()): string {
  const t = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `r${t}-${randomBytes(2).toString('hex')}`;
}

function checkId(what: string, id: string): string {
  if (!ID_PATTERN.test(id)) {
    throw new UsageError(`${what} '${id}' is not valid: use lower-case letters, digits and -.`);
  }
  return id;
}

function trimSlashes(prefix: string): string {
  return prefix.replace(/^\/+|\/+$/g, '');
}

/** The default bed prefix for a bed id (the launcher may choose another). */
export function defaultBedPrefix(bedId: string): string {
  return `beds/${checkId('bed id', bedId)}`;
}

/** Keys of one bed: its record, staged artifacts and the runs below it. */
export class BedLayout {
  readonly prefix: string;

  constructor(bedPrefix: string) {
    this.prefix = trimSlashes(bedPrefix);
  }

  private key(...parts: string[]): string {
    return [this.prefix, ...parts].filter((p) => p !== '').join('/');
  }

  /** The bed record: the launcher's resolved spec and when the bed came up. */
  get bedRecord(): string {
    return this.key('bed.json');
  }

  /** Prefix of the staged artifacts (jars, bridge, project bundle): `TESTBED_ARTIFACTS_KEY`. */
  get artifactsPrefix(): string {
    return this.key('artifacts/');
  }

  /** One staged artifact. */
  artifact(name: string): string {
    return this.key('artifacts', name);
  }

  /** Prefix under which every run of the bed lives (`runs/`). */
  get runsPrefix(): string {
    return this.key('runs/');
  }

  /** The keys of run `runId`. */
  run(runId: string): RunLayout {
    return new RunLayout(this.key('runs', checkId('run id', runId)));
  }
}

/** Keys of one run. */
export class RunLayout {
  constructor(
    /** `<bed prefix>/runs/<run id>` (no trailing slash). */
    readonly prefix: string,
  ) {}

  /** Every key of the run starts with this. */
  get allPrefix(): string {
    return `${this.prefix}/`;
  }

  /** The resolved spec of the run (`TESTBED_SPEC_KEY`): every node's address, the load tests, descriptors. */
  get spec(): string {
    return `${this.prefix}/spec.json`;
  }

  get statusPrefix(): string {
    return `${this.prefix}/status/`;
  }

  /** A node's status: phase, timestamps, message, log tail (JSON, overwritten as it progresses). */
  status(node: NodeId): string {
    return `${this.prefix}/status/${node}.json`;
  }

  /** Prefix of barrier `name`'s arrivals. */
  barrierPrefix(name: string): string {
    return `${this.prefix}/barriers/${checkId('barrier name', name)}/`;
  }

  /** A node's arrival at barrier `name`. */
  barrier(name: string, node: NodeId): string {
    return `${this.barrierPrefix(name)}${node}.json`;
  }

  /** Prefix of the results of load test `loadTest`. */
  resultsPrefix(loadTest: string): string {
    return `${this.prefix}/results/${checkId('load test name', loadTest)}/`;
  }

  /** Test node `index`'s results file of load test `loadTest` (the runner's versioned JSON). */
  result(loadTest: string, index: number): string {
    return `${this.resultsPrefix(loadTest)}node-${index}.json`;
  }

  /** The summary report of one load test: `summary.json`, `summary.md`, `summary.html`. */
  report(loadTest: string, ext: 'json' | 'md' | 'html'): string {
    return `${this.prefix}/report/${checkId('load test name', loadTest)}/summary.${ext}`;
  }

  /** Where the Ganglia node of the run says it serves (JSON: dashboard URL, collector ports). */
  get ganglia(): string {
    return `${this.prefix}/ganglia.json`;
  }

  /** A file of the run's saved Ganglia graphs (PNG, JSON, CSV, `graphs.json`). */
  reportGraph(file: string): string {
    return `${this.prefix}/report/ganglia/${file.replace(/[^A-Za-z0-9._-]/g, '_')}`;
  }

  /** The run's report index: every load test's summary, the missing nodes, the timings. */
  get reportIndex(): string {
    return `${this.prefix}/report/index.json`;
  }

  /** Prefix of a node's shipped logs. */
  logsPrefix(node: NodeId): string {
    return `${this.prefix}/logs/${node}/`;
  }

  /** One shipped log file of a node. */
  log(node: NodeId, file: string): string {
    return `${this.logsPrefix(node)}${file.replace(/[^A-Za-z0-9._-]/g, '_')}`;
  }

  /** The final object of a successful run (JSON: when, report keys). */
  get done(): string {
    return `${this.prefix}/DONE`;
  }

  /** The final object of a failed run (JSON: reason, node, log tail). */
  get failed(): string {
    return `${this.prefix}/FAILED`;
  }
}
