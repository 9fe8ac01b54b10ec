/**
 * `runLoadTest()`: sets the target up, runs the configured workloads in sequence, tears the target
 * down, and returns the versioned result of this node. Printing and writing files are left to the
 * caller (results are data; reports are rendered from them).
 */
import type { FailureClass } from '../targets/target';
import { hostname, cpus } from 'node:os';

import { TestbedError, errorMessage } from '../../common/errors';
import { withTimeout } from '../../common/wait';
import type { LoadTestConfig } from '../config/schema';
import { keyGenerator } from '../generators/keys';
import { valueGenerator } from '../generators/values';
import { WORKLOADS, type OperationType, type WorkloadName } from '../operations';
import {
  RESULT_FORMAT,
  RESULT_VERSION,
  type LoadTestResult,
  type WorkloadResult,
} from '../results/schema';
import { TARGETS } from '../targets/registry';
import type { Target, TargetContext, TargetDefinition } from '../targets/target';
import type { LiveSample } from './live';
import { runWorkload } from './workload';
import { VerificationError } from './lane';

export interface RunOptions {
  /** Aborting stops the run cleanly: calls in flight settle, results so far are returned marked interrupted. */
  readonly signal?: AbortSignal;
  /** Called about once a second with the live figures of the running workload. */
  readonly onSample?: (sample: LiveSample) => void;
  /** Called when a workload starts and ends. */
  readonly onWorkload?: (event: {
    name: WorkloadName;
    state: 'start' | 'end';
    result?: WorkloadResult;
  }) => void;
  /** Progress lines (set-up, tear-down). @default - none */
  readonly log?: (line: string) => void;
  /** A target to use instead of the registered one of `config.target` (tests, benchmarks). */
  readonly target?: TargetDefinition;
}

/** The workloads a configuration runs, in order. */
export function plannedWorkloads(config: LoadTestConfig): readonly WorkloadName[] {
  return config.workloads === 'all' ? WORKLOADS : config.workloads;
}

/** A run id sortable by time: `20260124T101500Z`. */
export function newRunId(now = new Date()): string {
  return now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

function defaultClassify(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[\w-]{1,40}$/.test(code)) return code.toLowerCase();
  return error instanceof Error ? error.name : 'unknown';
}

const SETUP_TIMEOUT_MS = 120_000;
const TEARDOWN_TIMEOUT_MS = 30_000;

/** Runs the load test of `config` on this node. */
export async function runLoadTest(
  config: LoadTestConfig,
  options: RunOptions = {},
): Promise<LoadTestResult> {
  const signal = options.signal ?? new AbortController().signal;
  const log = options.log ?? (() => undefined);
  const keys = keyGenerator(config.keys.generator);
  const values = valueGenerator(config.values.generator, config.values.sizeBytes);
  let countRetries: ((op: OperationType, n: number) => void) | undefined;
  const context: TargetContext = {
    config,
    keys,
    values,
    countRetries: (op, n = 1) => countRetries?.(op, n),
    log,
  };
  const definition = options.target ?? TARGETS[config.target];
  const target: Target = definition.create(context);
  const classify = (error: unknown): FailureClass =>
    error instanceof VerificationError
      ? error.kind
      : (target.classifyError?.(error) ?? defaultClassify(error));

  const startedAt = new Date();
  log(`Setting up the ${config.target} target: ${target.description}`);
  try {
    await withTimeout(target.setUp(), SETUP_TIMEOUT_MS, `set-up of the ${config.target} target`);
  } catch (error) {
    await target.tearDown().catch(() => undefined);
    throw new TestbedError(
      `The ${config.target} target could not be set up: ${errorMessage(error)}`,
      {
        cause: error,
        hint: 'Check that the service it points at runs and is reachable (see the configuration and README.md).',
      },
    );
  }
  const workloads: WorkloadResult[] = [];
  try {
    for (const name of plannedWorkloads(config)) {
      if (signal.aborted) break;
      options.onWorkload?.({ name, state: 'start' });
      const result = await runWorkload({
        name,
        config,
        target,
        keys,
        values,
        signal,
        classifyError: classify,
        onSample: options.onSample,
        onRetryCounter: (count) => (countRetries = count),
      });
      workloads.push(result);
      options.onWorkload?.({ name, state: 'end', result });
    }
  } finally {
    await withTimeout(
      target.tearDown(),
      TEARDOWN_TIMEOUT_MS,
      `tear-down of the ${config.target} target`,
    ).catch((error: unknown) => {
      log(`Tear-down of the ${config.target} target failed: ${errorMessage(error)}`);
    });
  }
  const finishedAt = new Date();
  const interrupted = signal.aborted;
  return {
    format: RESULT_FORMAT,
    version: RESULT_VERSION,
    runId: config.runId ?? newRunId(startedAt),
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    interrupted,
    target: { kind: config.target, description: target.description },
    nodes: [
      {
        index: config.node.index,
        name: config.node.name ?? hostname(),
        hostname: hostname(),
        pid: process.pid,
        nodeVersion: process.version,
        cpuCount: cpus().length,
        startedAt: startedAt.toISOString(),
        finishedAt: finishedAt.toISOString(),
        interrupted,
      },
    ],
    config: JSON.parse(JSON.stringify(config)) as Record<string, unknown>,
    workloads,
  };
}
