/** The moto venv (scripts/install-moto.sh): moto's server and the AWS CLI v1 for the cloud tests. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** Installs the pinned moto and awscli if needed and returns the venv's bin directory. */
export function motoVenvBin(): string {
  const script = path.resolve(__dirname, '../../scripts/install-moto.sh');
  const out = execFileSync('bash', [script], { encoding: 'utf8', timeout: 600_000 });
  const bin = out.trim().split('\n').pop();
  if (!bin) throw new Error(`install-moto.sh printed no venv path:\n${out}`);
  return bin;
}
