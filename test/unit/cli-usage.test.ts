import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { runCli } from '../support/cli';

describe('testbed command line', () => {
  it.each([
    [['local', 'cassandra', 'start', '--nodes', '0'], /--nodes must be an integer from 1 to 9/],
    [
      ['local', 'cassandra', 'start', '--nodes', 'abc'],
      /argument 'abc' is invalid\. --nodes must be an integer from 1 to 9/,
    ],
    [['local', 'ignite', 'start', '--nodes', '1.5'], /--nodes must be an integer from 1 to 9/],
    [['local', 'cassandra', 'restart'], /Allowed choices are start, stop, status/],
    [['no-such-command'], /unknown command 'no-such-command'/],
  ])('rejects %j with a clear message and exit code 2', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('prints help with exit code 0', async () => {
    const result = await runCli(['local', 'cassandra', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--nodes <n>');
  });

  it('doctor names the JDK to install when only another JDK exists', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'doctor-'));
    const jdk25 = path.join(root, 'jvms', 'temurin-25');
    mkdirSync(path.join(jdk25, 'bin'), { recursive: true });
    writeFileSync(path.join(jdk25, 'release'), 'JAVA_VERSION="25.0.1"\n');
    writeFileSync(path.join(jdk25, 'bin', 'java'), '#!/bin/sh\n');
    chmodSync(path.join(jdk25, 'bin', 'java'), 0o755);
    // A PATH with node (to run the CLI) and nothing else: no java, no mvn.
    const bin = path.join(root, 'bin');
    mkdirSync(bin);
    symlinkSync(process.execPath, path.join(bin, 'node'));
    const result = await runCli(['doctor'], {
      env: { PATH: bin, HOME: root, JAVA_HOME: jdk25, TESTBED_JDK_DIRS: path.join(root, 'jvms') },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/✗ JDK 17: JDK 17 is required .*Found only: JDK 25\.0\.1/);
    expect(result.stdout).toContain(
      'fix: Install it, e.g. on Debian/Ubuntu: sudo apt-get install -y openjdk-17-jdk-headless',
    );
    expect(result.stdout).toMatch(/✗ Maven: .*fix: sudo apt-get install -y maven/s);
    expect(result.stdout).toContain('prerequisite(s) missing');
  });
});
