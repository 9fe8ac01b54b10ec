#!/usr/bin/env node
// Runs before `npm start` and `npm test`, so a fresh clone (Debian/Ubuntu, Node 20) needs no
// separate install step: first the missing Debian packages (scripts/system-packages.json), installed
// when running as root or with passwordless sudo — otherwise it stops here with the exact command —
// then the locked npm dependencies when node_modules is missing or older than package-lock.json.
const { execFileSync, spawnSync } = require('node:child_process');
const { existsSync, statSync } = require('node:fs');
const path = require('node:path');

const { installCommand, missingPackages } = require('./system-packages');

const missing = missingPackages().map((p) => p.name);
if (missing.length > 0) {
  const root = process.getuid?.() === 0;
  const sudo = !root && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
  const apt = existsSync('/usr/bin/apt-get');
  if (!apt || (!root && !sudo)) {
    process.stderr.write(
      `Missing system packages: ${missing.join(', ')}.\n` +
        (apt
          ? `Install them (needs root), then run this again:\n\n  ${installCommand(missing)}\n\n`
          : 'Install their equivalents with your package manager (JDK 17, Maven 3, Chromium, openssl), then run this again.\n'),
    );
    process.exit(1);
  }
  process.stderr.write(`Installing missing system packages: ${missing.join(', ')}…\n`);
  const asRoot = (args) =>
    execFileSync(root ? args[0] : 'sudo', root ? args.slice(1) : ['-n', ...args], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      timeout: 20 * 60_000,
    });
  asRoot(['apt-get', 'update', '-q']);
  asRoot(['apt-get', 'install', '-y', '-q', '--no-install-recommends', ...missing]);
}

const root = path.resolve(__dirname, '..');
const lock = path.join(root, 'package-lock.json');
const installed = path.join(root, 'node_modules', '.package-lock.json');

const stale = !existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs;
if (stale) {
  process.stderr.write('Installing the locked dependencies (npm ci)…\n');
  execFileSync(
    process.platform === 'win32' ? 'npm.cmd' : 'npm',
    ['ci', '--no-audit', '--no-fund'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
}

// The test suite also checks against two Python tools from PyPI, each in its own pinned venv in the
// user cache: Apache Otava (the change-point oracle) and moto + the AWS CLI (the cloud launcher and
// emulator tests). Both scripts return at once when the pinned version is already there.
if (process.env.npm_lifecycle_event === 'pretest') {
  for (const script of ['campaigns/otava/install.sh', 'scripts/install-moto.sh']) {
    execFileSync('bash', [path.join(root, script)], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 15 * 60_000,
    });
  }
}
