import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { runChecks } from '../../bin/commands/doctor';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the plain-JS list ensure-install runs
const list = require('../../scripts/system-packages') as {
  packages: { name: string }[];
  missingPackages(env: NodeJS.ProcessEnv): { name: string }[];
  installCommand(names: readonly string[]): string;
};

describe('the Debian packages list', () => {
  const emptyPath = { PATH: mkdtempSync(path.join(tmpdir(), 'no-tools-')) };

  it('holds JDK 17, Maven and Chromium', () => {
    expect(list.packages.map((p) => p.name)).toEqual(
      expect.arrayContaining(['openjdk-17-jdk-headless', 'maven', 'chromium']),
    );
  });

  it('finds commands missing from PATH and gives the exact install command', () => {
    const missing = list.missingPackages(emptyPath).map((p) => p.name);
    expect(missing).toEqual(expect.arrayContaining(['maven', 'openssl']));
    expect(list.installCommand(['maven', 'chromium'])).toBe(
      'sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends maven chromium',
    );
  });

  it('is what testbed doctor reports', async () => {
    const checks = await runChecks(emptyPath);
    const check = checks.find((c) => c.name === 'System packages');
    expect(check).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining('maven') as unknown,
    });
    expect(check?.fix).toContain('apt-get install -y --no-install-recommends');
  });
});
