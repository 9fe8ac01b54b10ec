/**
 * The `ganglia` role: the bed's Ganglia node. Renders and starts a collector gmond per role
 * cluster, gmetad (one data source per cluster) and ganglia-web (an Apache of ours with the PHP
 * 8.2 fixes), plus the node's own gmond; publishes where it serves (`ganglia.json` of the run) and
 * reports `ready` with the dashboard URL. Foreground daemons owned by the role locally, systemd
 * units on EC2 — as the env file's `TESTBED_DAEMONS` says.
 */
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { waitFor } from '../../common/wait';
import { apacheOwner, LocalGanglia } from '../../monitoring/ganglia-daemons';
import {
  DEFAULT_COLLECTOR_PORTS,
  GANGLIA_CLUSTERS,
  requireGangliaPackages,
  writeGangliaNodeFiles,
  type GangliaNodeEndpoints,
} from '../../monitoring';
import type { RoleContext } from '../shared/context';
import {
  daemonStarter,
  disableDebianUnits,
  runSystemCommand,
  type Daemon,
} from '../shared/daemons';
import { BootstrapError } from '../shared/errors';
import { logTail } from '../shared/logs';
import { startNodeMonitoring } from '../shared/node-monitoring';

/** What the Ganglia node publishes in `runs/<run id>/ganglia.json`. */
export interface GangliaRecord {
  readonly version: 1;
  /** ganglia-web, e.g. `http://10.0.1.200/ganglia/`. */
  readonly url: string;
  readonly address: string;
  readonly collectorPorts: Readonly<Record<string, number>>;
  readonly gmetadXmlPort: number;
  /** Seconds between gmetad polls (the RRD step). */
  readonly pollSec: number;
}

/** The RRD step of a bed's Ganglia. */
const POLL_SEC = 5;

const dashboardUrl = (e: GangliaNodeEndpoints): string =>
  `http://${e.address}${e.webPort === 80 ? '' : `:${e.webPort}`}/ganglia/`;

async function startSystemd(
  ctx: RoleContext,
  dir: string,
): Promise<{
  endpoints: GangliaNodeEndpoints;
  daemons: Daemon[];
}> {
  const endpoints: GangliaNodeEndpoints = {
    address: ctx.identity.address,
    gmetadXmlPort: 8651,
    gmetadInteractivePort: 8652,
    webPort: ctx.identity.gangliaWebPort,
  };
  const owner = apacheOwner();
  const files = writeGangliaNodeFiles({
    dir,
    endpoints,
    gridName: ctx.bed.bedId,
    pollSec: POLL_SEC,
    ...(owner ? { webOwner: owner } : {}),
  });
  await disableDebianUnits(runSystemCommand, ['ganglia-monitor', 'gmetad', 'apache2']);
  const start = daemonStarter({ mode: 'systemd', runner: ctx.runner });
  const daemons: Daemon[] = [];
  for (const cluster of GANGLIA_CLUSTERS) {
    daemons.push(
      await start({
        name: `collector gmond ${cluster}`,
        unit: `testbed-collector-${cluster}.service`,
        command: '/usr/sbin/gmond',
        args: ['-f', '-c', files.collectorConfs[cluster]],
        dir,
      }),
    );
  }
  daemons.push(
    await start({
      name: 'gmetad',
      unit: 'testbed-gmetad.service',
      command: '/usr/sbin/gmetad',
      args: ['-d', '1', '-c', files.gmetadConf],
      dir,
    }),
    await start({
      name: 'ganglia-web (Apache)',
      unit: 'testbed-ganglia-web.service',
      command: '/usr/sbin/apache2',
      args: ['-f', files.httpdConf, '-DFOREGROUND'],
      dir: files.webDir,
    }),
  );
  await waitFor(
    async () => {
      const res = await fetch(dashboardUrl(endpoints), { signal: AbortSignal.timeout(5_000) });
      return res.status === 200;
    },
    {
      description: `ganglia-web at ${dashboardUrl(endpoints)}`,
      timeoutMs: ctx.bounded(120_000),
      signal: ctx.signal,
    },
  );
  return { endpoints, daemons };
}

export async function gangliaRole(ctx: RoleContext): Promise<void> {
  const { identity } = ctx;
  const dir = path.join(identity.workDir, 'ganglia-node');
  await ctx.status.enter('installing', 'checking the Ganglia packages');
  requireGangliaPackages('ganglia');
  await ctx.status.enter(
    'configuring',
    `collectors, gmetad and ganglia-web on ${identity.address} (${identity.daemons})`,
  );
  let local: LocalGanglia | undefined;
  let daemons: Daemon[] = [];
  let endpoints: GangliaNodeEndpoints;
  if (identity.daemons === 'foreground') {
    local = await LocalGanglia.start({
      dir,
      address: identity.address,
      webPort: identity.gangliaWebPort,
      gridName: ctx.bed.bedId,
      pollSec: POLL_SEC,
      startTimeoutMs: ctx.bounded(60_000),
    });
    endpoints = local.endpoints;
  } else {
    ({ endpoints, daemons } = await startSystemd(ctx, dir));
  }
  const monitoring = await startNodeMonitoring(ctx, 'ganglia');
  try {
    const url = dashboardUrl(endpoints);
    const record: GangliaRecord = {
      version: 1,
      url,
      address: endpoints.address,
      collectorPorts: DEFAULT_COLLECTOR_PORTS,
      gmetadXmlPort: endpoints.gmetadXmlPort,
      pollSec: POLL_SEC,
    };
    await ctx.bucket.putJson(ctx.run.ganglia, record);
    await ctx.status.enter('ready', `dashboard ${url}`);
    while (!ctx.signal.aborted) {
      const dead = local?.deadDaemon();
      if (dead) throw new BootstrapError(`${dead.name} exited`, logTail([dead.log]));
      await sleep(1000, undefined, { signal: ctx.signal }).catch(() => undefined);
    }
  } finally {
    await monitoring?.stop();
    await local?.stop();
    for (const d of daemons.reverse()) await d.stop().catch(() => undefined);
  }
}

/** The log files of the role, shipped on exit. */
export function gangliaLogs(workDir: string): string[] {
  const dir = path.join(workDir, 'ganglia-node');
  return [
    path.join(dir, 'gmetad.log'),
    path.join(dir, 'web', 'error.log'),
    ...GANGLIA_CLUSTERS.map((c) => path.join(dir, `collector-${c}.log`)),
  ];
}
