/**
 * The gmetric wire format of Ganglia 3.1+ (what `gmetric` and gmond send over UDP): XDR-encoded
 * messages, a metadata message (id 128) that declares a metric and a value message (id 133, the
 * value as a string with format `%s`) that reports it. gmond ignores values of metrics whose
 * metadata it has not seen, so senders repeat the metadata now and then.
 */
import { MonitoringError } from '../errors';

/** gmond's metric value types. */
export type GmetricType =
  'string' | 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float' | 'double';

/** How a metric moves, for RRD: `both` for gauges, `positive` for counters. */
export type GmetricSlope = 'zero' | 'positive' | 'negative' | 'both' | 'unspecified';

const SLOPES: Record<GmetricSlope, number> = {
  zero: 0,
  positive: 1,
  negative: 2,
  both: 3,
  unspecified: 4,
};

const METADATA_ID = 128;
const STRING_VALUE_ID = 133;

/** One metric as declared to gmond. */
export interface GmetricMetadata {
  /** The metric name: letters, digits, `_`, `.` and `-` (it becomes an RRD file name). */
  readonly name: string;
  readonly type: GmetricType;
  readonly units: string;
  /** @default 'both' */
  readonly slope?: GmetricSlope;
  /** Seconds between values the sender promises (gmond's staleness hint). @default 60 */
  readonly tmaxSec?: number;
  /** Seconds after which gmond drops the metric when no value came; 0 keeps it. @default 0 */
  readonly dmaxSec?: number;
  /** The metric group (a section of the host view). */
  readonly group: string;
  readonly title?: string;
  readonly description?: string;
}

/** The host a metric belongs to: `ip:name` spoofs another host, as `gmetric -S` does. */
export interface GmetricHost {
  readonly name: string;
  /** Given: the metric is reported for `address:name` (spoofed) rather than for the sender. */
  readonly address?: string;
}

const NAME = /^[A-Za-z0-9_.-]{1,120}$/;

/** Fails with the offending name when it cannot be an RRD file name. */
export function checkMetricName(name: string): void {
  if (!NAME.test(name)) {
    throw new MonitoringError(
      'bad-metric',
      `metric name ${JSON.stringify(name)} is not allowed: use 1-120 letters, digits, '_', '.' or '-'`,
    );
  }
}

/** A growing XDR buffer: big-endian 32-bit integers and length-prefixed, 4-byte-padded strings. */
class XdrWriter {
  private buf = Buffer.alloc(256);
  private pos = 0;

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.alloc(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  uint(value: number): this {
    this.ensure(4);
    this.buf.writeUInt32BE(value >>> 0, this.pos);
    this.pos += 4;
    return this;
  }

  string(value: string): this {
    const bytes = Buffer.from(value, 'utf8');
    const padded = (bytes.length + 3) & ~3;
    this.uint(bytes.length);
    this.ensure(padded);
    bytes.copy(this.buf, this.pos);
    this.buf.fill(0, this.pos + bytes.length, this.pos + padded);
    this.pos += padded;
    return this;
  }

  done(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }
}

function hostString(host: GmetricHost): string {
  return host.address ? `${host.address}:${host.name}` : host.name;
}

/** The metadata message (id 128) declaring `metric` for `host`. */
export function encodeMetadata(host: GmetricHost, metric: GmetricMetadata): Buffer {
  checkMetricName(metric.name);
  const h = hostString(host);
  const extra: [string, string][] = [['GROUP', metric.group]];
  if (host.address) extra.push(['SPOOF_HOST', h]);
  if (metric.title) extra.push(['TITLE', metric.title]);
  if (metric.description) extra.push(['DESC', metric.description]);
  const w = new XdrWriter()
    .uint(METADATA_ID)
    .string(h)
    .string(metric.name)
    .uint(host.address ? 1 : 0)
    .string(metric.type)
    .string(metric.name)
    .string(metric.units)
    .uint(SLOPES[metric.slope ?? 'both'])
    .uint(metric.tmaxSec ?? 60)
    .uint(metric.dmaxSec ?? 0)
    .uint(extra.length);
  for (const [k, v] of extra) w.string(k).string(v);
  return w.done();
}

/**
 * The value message (id 133) of `name` for `host`. Numbers are written so gmond parses them back
 * exactly (no exponent for floats; integers rounded); a non-finite value is refused, because a
 * NaN point would silently read as "no data".
 */
export function encodeValue(
  host: GmetricHost,
  name: string,
  type: GmetricType,
  value: number | string,
): Buffer {
  checkMetricName(name);
  const text = formatValue(name, type, value);
  const h = hostString(host);
  return new XdrWriter()
    .uint(STRING_VALUE_ID)
    .string(h)
    .string(name)
    .uint(host.address ? 1 : 0)
    .string('%s')
    .string(text)
    .done();
}

function formatValue(name: string, type: GmetricType, value: number | string): string {
  if (type === 'string') return String(value);
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new MonitoringError(
      'bad-metric',
      `metric ${name}: value ${String(value)} is not a finite number (type ${type})`,
    );
  }
  if (type === 'float' || type === 'double') {
    // toFixed never uses an exponent, which gmond's strtod would accept but RRD rounding would not need.
    return Math.abs(value) >= 1e15 ? value.toFixed(0) : String(Number(value.toFixed(6)));
  }
  return Math.round(value).toFixed(0);
}
