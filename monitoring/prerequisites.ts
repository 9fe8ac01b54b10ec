/**
 * What a node needs installed for Ganglia (Debian's packages; no source build), for `doctor`, CI
 * and a clear error before anything starts.
 */
import { existsSync } from 'node:fs';

import { MonitoringError } from './errors';

/** The Debian packages of the Ganglia node (gmond-only nodes need `ganglia-monitor`). */
export const GANGLIA_PACKAGES = [
  'ganglia-monitor',
  'gmetad',
  'ganglia-webfrontend',
  'apache2',
  'libapache2-mod-php',
  'rrdtool',
] as const;

const FILES: readonly { readonly file: string; readonly pkg: string; readonly nodeToo: boolean }[] =
  [
    { file: '/usr/sbin/gmond', pkg: 'ganglia-monitor', nodeToo: true },
    { file: '/usr/sbin/gmetad', pkg: 'gmetad', nodeToo: false },
    {
      file: '/usr/share/ganglia-webfrontend/graph.php',
      pkg: 'ganglia-webfrontend',
      nodeToo: false,
    },
    { file: '/usr/sbin/apache2', pkg: 'apache2', nodeToo: false },
    { file: '/usr/lib/apache2/modules/libphp8.2.so', pkg: 'libapache2-mod-php', nodeToo: false },
    { file: '/usr/bin/rrdtool', pkg: 'rrdtool', nodeToo: false },
  ];

/** Packages missing for a Ganglia node (`node`: only what a monitored node needs). */
export function missingGangliaPackages(kind: 'ganglia' | 'node' = 'ganglia'): string[] {
  const missing = FILES.filter((f) => (kind === 'ganglia' || f.nodeToo) && !existsSync(f.file));
  return [...new Set(missing.map((f) => f.pkg))];
}

/** Fails with the apt-get line to run when packages are missing. */
export function requireGangliaPackages(kind: 'ganglia' | 'node' = 'ganglia'): void {
  const missing = missingGangliaPackages(kind);
  if (missing.length) {
    throw new MonitoringError(
      'package-missing',
      `Ganglia needs Debian packages not installed here: ${missing.join(', ')}`,
      {
        hint: `sudo apt-get install -y ${(kind === 'ganglia' ? GANGLIA_PACKAGES : ['ganglia-monitor']).join(' ')}`,
      },
    );
  }
}
