import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

import { App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';

import { cliExitCode } from '../../../bin/error-exit';
import { CloudBedError } from '../../../lib/errors';
import type { CloudBedSpec } from '../../../lib/spec-props';
import { addTestbedStacks, bundleFiles } from '../../../lib/testbed-app';
import {
  exampleSpec,
  fakeBundleDir,
  TEST_DEADLINE,
  TEST_NOW,
  testApp,
} from '../../support/cdk-bed';

const examples = readdirSync(path.resolve(__dirname, '../../../examples/beds')).filter((f) =>
  f.endsWith('.yaml'),
);

describe('cdk-nag AwsSolutions', () => {
  it.each(examples)('finds nothing unacknowledged in %s', (file) => {
    const { app } = testApp(exampleSpec(file));
    const report = new AwsSolutionsChecks(app).validateScope(app);
    expect(
      report.violations.map(
        (v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
      ),
    ).toEqual([]);
  });

  it('finds nothing unacknowledged with public-IPv4 egress, spot load tests and Graviton types', () => {
    const spec = exampleSpec('nightly-cloud.yaml');
    const { app } = testApp({
      ...spec,
      cloud: {
        ...spec.cloud,
        egress: 'public-ipv4',
        spot: true,
        instanceTypes: { cassandra: 'm7gd.xlarge', tests: 'c7g.large' },
      },
    });
    const report = new AwsSolutionsChecks(app).validateScope(app);
    expect(report.violations.map((v) => v.ruleName)).toEqual([]);
  });
});

describe('bad specs fail before synth', () => {
  const base = exampleSpec('nightly-cloud.yaml');
  function build(spec: CloudBedSpec, deadline = TEST_DEADLINE): () => void {
    return () =>
      addTestbedStacks(new App(), {
        spec,
        deadline,
        now: TEST_NOW,
        bundle: bundleFiles(fakeBundleDir()),
        nag: false,
      });
  }
  function expectError(fn: () => void, code: string, message: RegExp): void {
    let error: unknown;
    try {
      fn();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CloudBedError);
    expect((error as CloudBedError).code).toBe(code);
    expect(cliExitCode(error)).toBe(2);
    expect((error as CloudBedError).message).toMatch(message);
    expect((error as CloudBedError).hint).toBeTruthy();
  }

  it('fails if Cassandra has neither instance store nor a large enough root volume', () => {
    expectError(
      build({
        ...base,
        cloud: {
          ...base.cloud,
          instanceTypes: { cassandra: 'm6i.xlarge' },
          storage: { cassandra: { sizeGiB: 10 } },
        },
      }),
      'spec',
      /cloud\.instanceTypes\.cassandra is m6i\.xlarge, which has no instance-store NVMe, and cloud\.storage\.cassandra\.sizeGiB is 10/,
    );
  });

  it('fails if there are more nodes than the subnet has fixed addresses', () => {
    expectError(
      build({ ...base, nodes: { ...base.nodes, cassandra: 41 } }),
      'too-many-nodes',
      /nodes\.cassandra is 41, but the bed's subnet has 40 fixed addresses/,
    );
  });

  it('fails if the TTL deadline is in the past or too close', () => {
    expectError(build(base, new Date('2098-12-31T23:00:00Z')), 'deadline', /is in the past/);
    expectError(build(base, new Date('2099-01-01T00:05:00Z')), 'deadline', /only 5 min away/);
  });

  it('fails if an io2 root has no IOPS', () => {
    expectError(
      build({ ...base, cloud: { ...base.cloud, storage: { tests: { volumeType: 'io2' } } } }),
      'spec',
      /cloud\.storage\.tests\.volumeType is io2 without/,
    );
  });

  it('fails if the bundle is missing, naming the command that builds it', () => {
    expectError(
      () =>
        addTestbedStacks(new App(), {
          spec: base,
          deadline: TEST_DEADLINE,
          now: TEST_NOW,
          bundle: bundleFiles('/nonexistent'),
          nag: false,
        }),
      'bundle-missing',
      /appArchive is "\/nonexistent\/app.tar.gz", which does not exist/,
    );
  });

  it('the app entry exits 2 with the message for a past deadline', () => {
    const root = path.resolve(__dirname, '../../..');
    const r = spawnSync(path.join(root, 'node_modules/.bin/tsx'), ['bin/cdk.ts'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        CDK_CONTEXT_JSON: JSON.stringify({
          spec: 'examples/beds/nightly-cloud.yaml',
          ttlDeadline: '2020-01-01T00:00:00Z',
          bundleDir: fakeBundleDir(),
        }),
        CDK_OUTDIR: fakeBundleDir(),
      },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: the TTL deadline 2020-01-01T00:00:00.000Z is in the past/m);
    expect(r.stderr).toMatch(/^hint: /m);
  });
});
