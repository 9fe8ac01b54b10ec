/**
 * HdrHistogram helpers. Latencies are recorded in nanoseconds (3 significant digits, so a value is
 * exact to 0.1%); histograms are encoded for transport and added to merge.
 */
import {
  build,
  type BuildRequest,
  decodeFromCompressedBase64,
  encodeIntoCompressedBase64,
  type Histogram,
} from 'hdr-histogram-js';

import type { EncodedHistogram, LatencySummary } from './schema';

/**
 * Latency histograms: nanoseconds from 1 ns, 3 significant digits, resizing past a minute as
 * larger values arrive; 64-bit (float) counts, as merged multi-node runs pass 2^32 per bucket.
 */
export const LATENCY_HISTOGRAM: BuildRequest = {
  bitBucketSize: 64,
  autoResize: true,
  lowestDiscernibleValue: 1,
  highestTrackableValue: 60_000_000_000,
  numberOfSignificantValueDigits: 3,
};

/** A fresh latency histogram (JavaScript build: decoding, merging, summaries). */
export function newLatencyHistogram(): Histogram {
  return build(LATENCY_HISTOGRAM);
}

export function encodeHistogram(histogram: Histogram): EncodedHistogram {
  return {
    encoding: 'hdr-compressed-base64',
    unit: 'ns',
    data: encodeIntoCompressedBase64(histogram),
  };
}

export function decodeHistogram(encoded: EncodedHistogram): Histogram {
  const decoded = decodeFromCompressedBase64(encoded.data, 64);
  const histogram = newLatencyHistogram();
  histogram.add(decoded);
  return histogram;
}

const ms = (ns: number): number => Math.round(ns) / 1e6;

export function summarizeHistogram(histogram: Histogram): LatencySummary {
  const count = histogram.totalCount;
  if (count === 0) {
    return { count: 0, minMs: 0, meanMs: 0, p50Ms: 0, p90Ms: 0, p99Ms: 0, p999Ms: 0, maxMs: 0 };
  }
  return {
    count,
    minMs: ms(
      histogram.minNonZeroValue === Number.MAX_SAFE_INTEGER ? 0 : histogram.minNonZeroValue,
    ),
    meanMs: ms(histogram.mean),
    p50Ms: ms(histogram.getValueAtPercentile(50)),
    p90Ms: ms(histogram.getValueAtPercentile(90)),
    p99Ms: ms(histogram.getValueAtPercentile(99)),
    p999Ms: ms(histogram.getValueAtPercentile(99.9)),
    maxMs: ms(histogram.maxValue),
  };
}

export type { Histogram };
