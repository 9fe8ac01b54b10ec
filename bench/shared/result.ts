/**
 * The one shape of every benchmark's last line, `RESULT {json}`: versioned, so the campaign
 * history can read results of any benchmark and any age. The benchmark's own figures go in
 * `figures`; what it ran with in `options`; whether its targets were met in `pass` (null when it
 * has none).
 */
import { cpus, hostname, totalmem } from 'node:os';

import { z } from 'zod';

/** Bumped when a field changes meaning or goes away; new optional fields keep the version. */
export const BENCH_RESULT_VERSION = 1;

/** The prefix of the result line on stdout. */
export const RESULT_PREFIX = 'RESULT ';

export const benchResultSchema = z.object({
  format: z.literal('testbed-bench-result'),
  version: z.literal(BENCH_RESULT_VERSION),
  /** Which benchmark: `store`, `runner`, `ignite`, `local-startup`. */
  benchmark: z.string().min(1),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  durationMs: z.number().nonnegative(),
  machine: z.object({
    host: z.string(),
    cpus: z.number().int().positive(),
    cpuModel: z.string(),
    memoryMiB: z.number().int().positive(),
    node: z.string(),
  }),
  /** The options the benchmark ran with (rounds, seconds, variants …). */
  options: z.record(z.string(), z.unknown()),
  /** Whether every target the benchmark checks was met; null when it checks none. */
  pass: z.boolean().nullable(),
  /** The benchmark's own figures (medians, ratios), field names with units. */
  figures: z.record(z.string(), z.unknown()),
});

/** One benchmark result. */
export type BenchResult = z.infer<typeof benchResultSchema>;

/** What a benchmark supplies; the rest (version, machine, times) is filled in. */
export interface BenchResultInput {
  readonly benchmark: string;
  readonly startedAt: Date;
  readonly options: Record<string, unknown>;
  readonly pass: boolean | null;
  readonly figures: Record<string, unknown>;
  /** @default - now */
  readonly finishedAt?: Date;
}

/** Builds a result, describing this machine. */
export function benchResult(input: BenchResultInput): BenchResult {
  const finishedAt = input.finishedAt ?? new Date();
  return {
    format: 'testbed-bench-result',
    version: BENCH_RESULT_VERSION,
    benchmark: input.benchmark,
    startedAt: input.startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: finishedAt.getTime() - input.startedAt.getTime(),
    machine: {
      host: hostname(),
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
      memoryMiB: Math.round(totalmem() / 2 ** 20),
      node: process.version,
    },
    options: input.options,
    pass: input.pass,
    figures: input.figures,
  };
}

/** The result line, `RESULT {json}`. */
export function resultLine(result: BenchResult): string {
  return `${RESULT_PREFIX}${JSON.stringify(result)}`;
}

/** Prints the result line on stdout (the benchmark's last line). */
export function printResult(input: BenchResultInput): void {
  process.stdout.write(`${resultLine(benchResult(input))}\n`);
}

/**
 * The result of a benchmark's output: its last `RESULT {json}` line, checked against the schema.
 * @throws Error naming what is wrong when there is no result line or it does not fit the shape
 */
export function parseResultOutput(output: string): BenchResult {
  const line = output
    .split('\n')
    .reverse()
    .find((l) => l.startsWith(RESULT_PREFIX));
  if (!line) throw new Error('The benchmark output has no RESULT line.');
  const parsed = benchResultSchema.safeParse(JSON.parse(line.slice(RESULT_PREFIX.length)));
  if (!parsed.success) {
    throw new Error(
      `The RESULT line does not fit version ${BENCH_RESULT_VERSION}: ${z.prettifyError(parsed.error)}`,
    );
  }
  return parsed.data;
}
