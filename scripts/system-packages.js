#!/usr/bin/env node
// Which Debian packages of scripts/system-packages.json are missing, and how to install them.
// Plain JavaScript: it runs before `npm ci` on a fresh clone. `node scripts/system-packages.js`
// prints the missing package names, one per line (for .ci/run).
const { existsSync, readdirSync } = require('node:fs');
const path = require('node:path');

const { packages } = require('./system-packages.json');

/** Whether a path exists; a `*` glob is allowed in its last-but-one or last segment. */
function matches(pattern) {
  if (!pattern.includes('*')) return existsSync(pattern);
  const parts = pattern.split('/');
  const i = parts.findIndex((p) => p.includes('*'));
  const dir = parts.slice(0, i).join('/') || '/';
  const re = new RegExp(
    `^${parts[i]
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  let entries = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return false; // no such directory: nothing installed there
  }
  return entries.some((e) => re.test(e) && matches(path.join(dir, e, ...parts.slice(i + 1))));
}

function onPath(command, env) {
  return (env.PATH || '').split(path.delimiter).some((d) => d && existsSync(path.join(d, command)));
}

/** The packages of the list that are not installed. */
function missingPackages(env = process.env) {
  return packages.filter(
    (p) =>
      !(p.env && env[p.env]) &&
      !(p.present || []).some(matches) &&
      !(p.command && onPath(p.command, env)),
  );
}

/** The exact command that installs `names`. */
function installCommand(names) {
  return `sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${names.join(' ')}`;
}

module.exports = { packages, missingPackages, installCommand };

if (require.main === module) {
  for (const p of missingPackages()) process.stdout.write(`${p.name}\n`);
}
