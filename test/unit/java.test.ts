import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { findJdk, JdkNotFoundError, listJdks } from '../../services';

/** A directory that looks like a JDK home of the given version. */
function fakeJdk(root: string, name: string, version: string): string {
  const home = path.join(root, name);
  mkdirSync(path.join(home, 'bin'), { recursive: true });
  writeFileSync(path.join(home, 'release'), `IMPLEMENTOR="Test"\nJAVA_VERSION="${version}"\n`);
  writeFileSync(path.join(home, 'bin', 'java'), '#!/bin/sh\n');
  chmodSync(path.join(home, 'bin', 'java'), 0o755);
  return home;
}

describe('findJdk', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'jdks-'));
  });

  it('picks JDK 17 even when JAVA_HOME points at another JDK', () => {
    const jdk25 = fakeJdk(root, 'temurin-25', '25.0.1');
    fakeJdk(root, 'openjdk-17', '17.0.15');
    const jdk = findJdk({ env: { JAVA_HOME: jdk25, PATH: '' }, searchDirs: [root] });
    expect(jdk.major).toBe(17);
    expect(jdk.version).toBe('17.0.15');
    expect(jdk.home).toContain('openjdk-17');
  });

  it('prefers JAVA_HOME when it is a JDK 17', () => {
    fakeJdk(root, 'a-17', '17.0.1');
    const preferred = fakeJdk(root, 'b-17', '17.0.9');
    expect(findJdk({ env: { JAVA_HOME: preferred, PATH: '' }, searchDirs: [root] }).version).toBe(
      '17.0.9',
    );
  });

  it('reads old-style version strings', () => {
    fakeJdk(root, 'jdk8', '1.8.0_392');
    expect(listJdks({ env: { PATH: '' }, searchDirs: [root] })[0]?.major).toBe(8);
  });

  it('fails naming what it found and what to install when there is no JDK 17', () => {
    fakeJdk(root, 'temurin-25', '25.0.1');
    let error: unknown;
    try {
      findJdk({ env: { PATH: '' }, searchDirs: [root] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JdkNotFoundError);
    const e = error as JdkNotFoundError;
    expect(e.message).toContain('JDK 17 is required');
    expect(e.message).toContain('JDK 25.0.1');
    expect(e.hint).toContain('openjdk-17-jdk-headless');
  });

  it('fails when TESTBED_JAVA_HOME is set to something that is not a JDK 17', () => {
    const jdk25 = fakeJdk(root, 'temurin-25', '25.0.1');
    fakeJdk(root, 'openjdk-17', '17.0.15');
    expect(() =>
      findJdk({ env: { TESTBED_JAVA_HOME: jdk25, PATH: '' }, searchDirs: [root] }),
    ).toThrow(/TESTBED_JAVA_HOME=.* is JDK 25\.0\.1, not JDK 17/);
  });
});
