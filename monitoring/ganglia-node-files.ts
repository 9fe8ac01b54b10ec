/**
 * Every file the Ganglia node runs on, written in one step: a collector gmond config per cluster,
 * gmetad.conf, Apache's httpd.conf and the ganglia-web instance settings, the PHP 8 shim, the
 * views, and the PHP 8.2 fixes of the package (idempotent). The local bed starts the daemons in
 * the foreground from these files; EC2 starts the same commands as systemd units.
 */
import { chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { renderCollectorGmondConf } from './config/gmond-conf';
import { renderGmetadConf } from './config/gmetad-conf';
import { GANGLIA_CLUSTERS, type GangliaCluster, type GangliaEndpoints } from './config/layout';
import {
  DEBIAN_CONF_HOOK,
  instanceFiles,
  renderGangliaWebConf,
  renderHttpdConf,
  withConfHook,
} from './web/httpd-conf';
import { applyPhp8Fixes, PHP8_SHIM } from './web/php8-fixes';
import { writeViews } from './web/views';

/** Where the Ganglia node listens (every port chosen). */
export type GangliaNodeEndpoints = Required<
  Pick<GangliaEndpoints, 'address' | 'gmetadXmlPort' | 'gmetadInteractivePort' | 'webPort'>
>;

/** Options of {@link writeGangliaNodeFiles}. */
export interface GangliaNodeFilesOptions {
  /** Configs, RRDs, web state and logs go here. */
  readonly dir: string;
  readonly endpoints: GangliaNodeEndpoints;
  /** gmetad's grid name (the bed id reads well). */
  readonly gridName: string;
  /** Seconds between gmetad polls (the RRD step). @default 5 */
  readonly pollSec?: number;
  /** Apache's user, owner of the directories ganglia-web writes. @default - unchanged owner */
  readonly webOwner?: { readonly uid: number; readonly gid: number };
}

/** The files and directories of the Ganglia node. */
export interface GangliaNodeFiles {
  readonly collectorConfs: Readonly<Record<GangliaCluster, string>>;
  readonly gmetadConf: string;
  readonly httpdConf: string;
  readonly rrdDir: string;
  /** Apache's directory (logs: `error.log`, `access.log`). */
  readonly webDir: string;
  /** ganglia-web's conf directory (views). */
  readonly confDir: string;
}

/** Writes every file of the Ganglia node; applies the PHP 8.2 fixes of the package. */
export function writeGangliaNodeFiles(o: GangliaNodeFilesOptions): GangliaNodeFiles {
  const dir = path.resolve(o.dir);
  const rrdDir = path.join(dir, 'rrds');
  const webDir = path.join(dir, 'web');
  const confDir = path.join(webDir, 'conf');
  const dwooDir = path.join(webDir, 'dwoo');
  const writable = [confDir, path.join(dwooDir, 'compiled'), path.join(dwooDir, 'cache')];
  for (const d of [rrdDir, ...writable]) mkdirSync(d, { recursive: true });
  const collectorConfs = {} as Record<GangliaCluster, string>;
  for (const cluster of GANGLIA_CLUSTERS) {
    const conf = path.join(dir, `collector-${cluster}.conf`);
    writeFileSync(conf, renderCollectorGmondConf(cluster, o.endpoints));
    collectorConfs[cluster] = conf;
  }
  const gmetadConf = path.join(dir, 'gmetad.conf');
  writeFileSync(
    gmetadConf,
    renderGmetadConf({
      ganglia: o.endpoints,
      rrdDir,
      gridName: o.gridName,
      ...(o.pollSec ? { pollSec: o.pollSec } : {}),
    }),
  );
  applyPhp8Fixes();
  const hook = withConfHook(
    existsSync(DEBIAN_CONF_HOOK) ? readFileSync(DEBIAN_CONF_HOOK, 'utf8') : undefined,
  );
  if (hook !== undefined) writeFileSync(DEBIAN_CONF_HOOK, hook);
  const web = {
    dir: webDir,
    rrdDir,
    confDir,
    dwooDir,
    address: o.endpoints.address,
    port: o.endpoints.webPort,
    gmetadInteractivePort: o.endpoints.gmetadInteractivePort,
  };
  const files = instanceFiles(webDir);
  writeFileSync(files.httpdConf, renderHttpdConf(web));
  writeFileSync(files.webConf, renderGangliaWebConf(web));
  writeFileSync(files.shim, PHP8_SHIM);
  for (const f of ['events.json', 'event_color.json']) {
    if (!existsSync(path.join(confDir, f))) writeFileSync(path.join(confDir, f), '[]\n');
  }
  writeViews(confDir);
  if (o.webOwner) for (const d of writable) chownSync(d, o.webOwner.uid, o.webOwner.gid);
  return { collectorConfs, gmetadConf, httpdConf: files.httpdConf, rrdDir, webDir, confDir };
}
