import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { App } from 'aws-cdk-lib';

import { addTestbedStacks, bundleFiles } from '../../../lib/testbed-app';
import { exampleSpec, fakeBundleDir, TEST_DEADLINE, TEST_NOW } from '../../support/cdk-bed';

// The nag-and-specs test validates the constructs before synth; here the app synthesizes with
// cdk-nag as a policy-validation plugin, as `cdk deploy` does: cross-stack references are
// resolved by then, so a finding's id can differ from its pre-synth form.
describe('synth with cdk-nag as the app runs it', () => {
  it.each(['small-cloud.yaml', 'nightly-cloud.yaml'])(
    '%s synthesizes with zero findings',
    (file) => {
      const app = new App({ outdir: mkdtempSync(path.join(os.tmpdir(), 'testbed-cdkout-')) });
      addTestbedStacks(app, {
        spec: exampleSpec(file),
        deadline: TEST_DEADLINE,
        now: TEST_NOW,
        bundle: bundleFiles(fakeBundleDir()),
      });
      expect(() => app.synth()).not.toThrow();
    },
  );
});
