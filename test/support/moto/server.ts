/**
 * moto's server on loopback, patched by our launcher (moto-launcher.py) so that a CDK app's
 * bootstrap, deploy and destroy behave as on AWS. Started on a free port; stopped by `stop()`
 * (SIGTERM, then SIGKILL), which the test calls in afterAll.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

import { motoVenvBin } from '../moto';

/** A running emulator. */
export interface MotoServer {
  /** http://127.0.0.1:<port> */
  readonly endpoint: string;
  readonly port: number;
  readonly venvBin: string;
  /** Environment for an AWS SDK/CLI/CDK process that should talk to this emulator. */
  env(region: string): NodeJS.ProcessEnv;
  /** Everything the launcher printed (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

const LAUNCHER = path.join(__dirname, 'moto-launcher.py');

/** Starts the patched moto and waits (bounded) until /moto-api/ answers. */
export async function startMoto(options: { startTimeoutMs?: number } = {}): Promise<MotoServer> {
  const venvBin = motoVenvBin();
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  const child = spawn(path.join(venvBin, 'python'), [LAUNCHER, '--host', '127.0.0.1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
  });
  let log = '';
  child.stdout.on('data', (c: Buffer) => (log += c.toString()));
  child.stderr.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-200_000)));
  const stop = (): Promise<void> => stopChild(child);
  try {
    const endpoint = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`moto did not listen within ${timeoutMs} ms:\n${log}`));
      }, timeoutMs);
      const onData = () => {
        const m = /MOTO_LISTENING (http:\/\/127\.[0-9.]+:\d+)/.exec(log);
        if (m) {
          clearTimeout(timer);
          child.stdout.off('data', onData);
          resolve(m[1] as string);
        }
      };
      child.stdout.on('data', onData);
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`moto exited with ${code} before listening:\n${log}`));
      });
    });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const r = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(5_000) });
        if (r.ok) break;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) throw new Error(`moto's /moto-api/ did not answer:\n${log}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const port = Number(new URL(endpoint).port);
    return {
      endpoint,
      port,
      venvBin,
      env: (region) => ({
        ...withoutAwsProfile(process.env),
        AWS_ENDPOINT_URL: endpoint,
        // CloudFormation reads the template from the asset bucket by URL; moto finds the bucket
        // in the path only when the host is `localhost` (aws-testbed.md §11).
        AWS_ENDPOINT_URL_S3_FOR_CLOUDFORMATION: `http://localhost:${port}`,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_REGION: region,
        AWS_DEFAULT_REGION: region,
        AWS_EC2_METADATA_DISABLED: 'true',
      }),
      output: () => log,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The caller's environment without any AWS_* setting (no profile or real credentials leak in). */
function withoutAwsProfile(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('AWS_')));
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  child.kill('SIGTERM');
  const timer = setTimeout(() => {
    child.kill('SIGKILL');
  }, 5_000);
  await exited;
  clearTimeout(timer);
}
