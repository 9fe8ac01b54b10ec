/** Helpers of the CDK tests: a tiny bootstrap bundle and a synthesized app per spec. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { App } from 'aws-cdk-lib';

import { loadBedSpec } from '../../bed/load-spec';
import { addTestbedStacks, bundleFiles } from '../../lib/testbed-app';
import type { CloudBedSpec } from '../../lib/spec-props';
import type { BootstrapBundleProps } from '../../lib/bootstrap-bundle';

export const TEST_DEADLINE = new Date('2099-01-01T06:00:00Z');
export const TEST_NOW = new Date('2099-01-01T00:00:00Z');

/** A bundle directory with placeholder archives (synth only hashes and stages them). */
export function fakeBundleDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'testbed-bundle-'));
  mkdirSync(dir, { recursive: true });
  for (const f of ['app.tar.gz', 'node-linux-x64.tgz', 'node-linux-arm64.tgz'])
    writeFileSync(path.join(dir, f), f);
  return dir;
}

/** The example bed specs (examples/beds/*.yaml). */
export function exampleSpec(name: string): CloudBedSpec {
  return loadBedSpec(path.resolve(__dirname, '../../examples/beds', name)).spec;
}

/** An app with the results and bed stacks of `spec`, without nag (tests run the pack themselves). */
export function testApp(
  spec: CloudBedSpec,
  bundle: BootstrapBundleProps = bundleFiles(fakeBundleDir()),
) {
  const app = new App({ outdir: mkdtempSync(path.join(os.tmpdir(), 'testbed-cdkout-')) });
  const stacks = addTestbedStacks(app, {
    spec,
    deadline: TEST_DEADLINE,
    now: TEST_NOW,
    bundle,
    nag: false,
  });
  return { app, ...stacks };
}
