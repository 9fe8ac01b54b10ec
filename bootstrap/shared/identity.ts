/**
 * The node's identity and environment, read from its env file (the bootstrap contract in
 * bootstrap/README.md). Only `bootstrap/main.ts` reads files or variables; everything below gets
 * this object.
 */
import { readFileSync } from 'node:fs';

import { z } from 'zod';

import { ROLES } from '../../bed/cloud-schema';
import { ID_PATTERN } from '../../bed/schema';
import { UsageError } from '../../common/errors';

const identitySchema = z.strictObject({
  TESTBED_ROLE: z.enum(ROLES),
  TESTBED_NODE_INDEX: z.coerce.number().int().min(0).max(999),
  TESTBED_BED_ID: z.string().regex(ID_PATTERN),
  TESTBED_RUN_ID: z.string().regex(ID_PATTERN),
  TESTBED_NODE_ADDRESS: z.string().regex(/^[0-9a-fA-F.:]+$/, 'must be an IP address'),
  TESTBED_S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name'),
  TESTBED_S3_PREFIX: z.string().min(1),
  TESTBED_S3_REGION: z.string().min(1).default('us-east-1'),
  TESTBED_S3_ENDPOINT: z.string().default(''),
  TESTBED_SPEC_KEY: z.string().min(1),
  TESTBED_WORK_DIR: z.string().min(1),
  TESTBED_ARTIFACTS_KEY: z.string().min(1),
  TESTBED_DEADLINE: z.iso.datetime({ offset: true }).optional(),
  TESTBED_DAEMONS: z.enum(['foreground', 'systemd']).default('foreground'),
  TESTBED_GANGLIA_WEB_PORT: z.coerce.number().int().min(1).max(65_535).default(80),
  TESTBED_IMDS_ENDPOINT: z.url().optional(),
});

/** Who this node is and where its bed lives. */
export interface NodeIdentity {
  readonly role: (typeof ROLES)[number];
  readonly index: number;
  readonly bedId: string;
  readonly runId: string;
  readonly address: string;
  readonly s3: {
    readonly bucket: string;
    readonly prefix: string;
    readonly region: string;
    /** Empty on AWS. */
    readonly endpoint: string;
  };
  readonly specKey: string;
  readonly workDir: string;
  readonly artifactsKey: string;
  /** Every wait ends by then. @default - the spec's timeouts only */
  readonly deadline: Date | undefined;
  /**
   * How the node runs its monitoring daemons (gmond, and gmetad and Apache on the Ganglia node):
   * `foreground` — child processes owned by the role, stopped with it (the local bed);
   * `systemd` — units installed and started (EC2).
   * @default 'foreground'
   */
  readonly daemons: 'foreground' | 'systemd';
  /** The Ganglia node's ganglia-web port. @default 80 */
  readonly gangliaWebPort: number;
  /**
   * The instance metadata service to watch for a spot interruption notice (EC2 spot nodes:
   * `http://169.254.169.254`). @default - none watched (on-demand nodes, the local bed)
   */
  readonly imdsEndpoint: string | undefined;
}

/** Parses `KEY=VALUE` lines (comments and blank lines allowed), naming file:line on a bad line. */
export function parseEnvFile(text: string, file: string): Record<string, string> {
  const values: Record<string, string> = {};
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    if (eq <= 0) throw new UsageError(`${file}:${i + 1}: expected KEY=VALUE, got '${line}'.`);
    values[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  });
  return values;
}

/** Reads and validates an env file; every problem is named with its key. */
export function readIdentity(file: string): NodeIdentity {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read the env file ${file}: ${(error as Error).message}`);
  }
  const result = identitySchema.safeParse(parseEnvFile(text, file));
  if (!result.success) {
    const problems = result.error.issues.map(
      (i) =>
        `${file}: ${i.path.join('.')}: ${i.code === 'unrecognized_keys' ? `unknown key(s) ${i.keys.join(', ')}` : i.message}`,
    );
    throw new UsageError(`Invalid env file:\n${problems.map((p) => `  - ${p}`).join('\n')}`, {
      hint: 'bootstrap/README.md lists every key of the env file.',
    });
  }
  const v = result.data;
  return {
    role: v.TESTBED_ROLE,
    index: v.TESTBED_NODE_INDEX,
    bedId: v.TESTBED_BED_ID,
    runId: v.TESTBED_RUN_ID,
    address: v.TESTBED_NODE_ADDRESS,
    s3: {
      bucket: v.TESTBED_S3_BUCKET,
      prefix: v.TESTBED_S3_PREFIX,
      region: v.TESTBED_S3_REGION,
      endpoint: v.TESTBED_S3_ENDPOINT,
    },
    specKey: v.TESTBED_SPEC_KEY,
    workDir: v.TESTBED_WORK_DIR,
    artifactsKey: v.TESTBED_ARTIFACTS_KEY,
    deadline: v.TESTBED_DEADLINE ? new Date(v.TESTBED_DEADLINE) : undefined,
    daemons: v.TESTBED_DAEMONS,
    gangliaWebPort: v.TESTBED_GANGLIA_WEB_PORT,
    imdsEndpoint: v.TESTBED_IMDS_ENDPOINT,
  };
}

/** The env file text of a node (what the launchers write). */
export function renderEnvFile(
  values: Readonly<Record<string, string | number | undefined>>,
): string {
  return `${Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join('\n')}\n`;
}
