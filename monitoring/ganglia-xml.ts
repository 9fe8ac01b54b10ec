/**
 * Reading Ganglia's state: gmond and gmetad answer a TCP connection with their whole XML and close
 * it. Used for readiness checks, tests and the time-to-first-point measurement; bounded in time
 * and size.
 */
import { connect } from 'node:net';

import { SaxesParser } from 'saxes';

import { MonitoringError } from './errors';

/** One metric of a host, as gmond/gmetad report it. */
export interface GangliaMetric {
  readonly value: string;
  readonly type: string;
  readonly units: string;
  /** Seconds since the last value arrived. */
  readonly tn: number;
}

export interface GangliaHost {
  readonly name: string;
  readonly ip: string;
  /** Epoch seconds of the last report. */
  readonly reported: number;
  readonly metrics: ReadonlyMap<string, GangliaMetric>;
}

export interface GangliaClusterState {
  readonly name: string;
  readonly hosts: readonly GangliaHost[];
}

const MAX_BYTES = 64 * 1024 * 1024;

/** Reads the XML a gmond (tcp_accept_channel) or gmetad (xml_port) sends on connect. */
export function fetchGangliaXml(address: string, port: number, timeoutMs = 5_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const socket = connect({ host: address, port });
    const fail = (message: string, cause?: unknown): void => {
      socket.destroy();
      reject(
        new MonitoringError('ganglia-unreachable', `${address}:${port}: ${message}`, {
          ...(cause === undefined ? {} : { cause }),
        }),
      );
    };
    socket.setTimeout(timeoutMs, () => {
      fail(`no complete answer within ${timeoutMs} ms`);
    });
    socket.on('data', (d: Buffer) => {
      size += d.length;
      if (size > MAX_BYTES) fail(`answer larger than ${MAX_BYTES} bytes`);
      else chunks.push(d);
    });
    socket.on('error', (e) => {
      fail(e.message, e);
    });
    socket.on('end', () => {
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('latin1'));
    });
  });
}

/** The clusters, hosts and metrics of a Ganglia XML document (gmond's or gmetad's). */
export function parseGangliaXml(xml: string): GangliaClusterState[] {
  const parser = new SaxesParser();
  const clusters: { name: string; hosts: GangliaHost[] }[] = [];
  let host:
    { name: string; ip: string; reported: number; metrics: Map<string, GangliaMetric> } | undefined;
  parser.on('opentag', (tag) => {
    const a = tag.attributes as Record<string, string>;
    if (tag.name === 'CLUSTER') clusters.push({ name: a.NAME ?? '', hosts: [] });
    else if (tag.name === 'HOST') {
      host = {
        name: a.NAME ?? '',
        ip: a.IP ?? '',
        reported: Number(a.REPORTED),
        metrics: new Map(),
      };
      clusters.at(-1)?.hosts.push(host);
    } else if (tag.name === 'METRIC' && host) {
      host.metrics.set(a.NAME ?? '', {
        value: a.VAL ?? '',
        type: a.TYPE ?? '',
        units: a.UNITS ?? '',
        tn: Number(a.TN),
      });
    }
  });
  parser.on('closetag', (tag) => {
    if (tag.name === 'HOST') host = undefined;
  });
  // The DOCTYPE's internal subset is skipped by saxes; only elements matter here.
  parser.write(xml).close();
  return clusters;
}

/** Fetches and parses in one call. */
export async function readGanglia(
  address: string,
  port: number,
  timeoutMs?: number,
): Promise<GangliaClusterState[]> {
  return parseGangliaXml(await fetchGangliaXml(address, port, timeoutMs));
}
