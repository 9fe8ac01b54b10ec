/**
 * What a bed costs: an estimate before deploy (per hour and for the TTL) from the committed price
 * snapshot, and a run's cost and ops/s per dollar for the cloud run's report. Pure functions.
 */
import snapshot from './prices.json';

/** A price snapshot (lib/cost/prices.json). */
export interface PriceSnapshot {
  readonly region: string;
  readonly date: string;
  readonly currency: string;
  readonly instanceHour: Readonly<Record<string, number>>;
  readonly unverified: readonly string[];
  readonly natGatewayHour: number;
  readonly publicIpv4Hour: number;
  readonly ebsGp3GiBMonth: number;
}

/** The committed snapshot. */
export const PRICES: PriceSnapshot = snapshot;

/** One role's fleet as the estimate sees it. */
export interface FleetForCost {
  readonly role: string;
  readonly count: number;
  readonly instanceType: string;
  readonly rootGiB: number;
}

/** An estimate: per-hour figures and the TTL total, with what it could not price. */
export interface BedCostEstimate {
  readonly perHourUsd: number;
  readonly ttlHours: number;
  readonly ttlUsd: number;
  readonly lines: ReadonlyArray<{ readonly item: string; readonly perHourUsd: number }>;
  /** Instance types not in the snapshot (their cost is missing from the totals). */
  readonly unpriced: readonly string[];
  /** "prices of us-east-1 on 2026-11-24" and caveats, for every printed cost line. */
  readonly basis: string;
}

const HOURS_PER_MONTH = 730;

/** Estimates a bed's cost from its fleets, egress and TTL. */
export function estimateBedCost(
  fleets: readonly FleetForCost[],
  options: {
    readonly egress: 'nat' | 'public-ipv4';
    readonly ttlHours: number;
    readonly region: string;
  },
  prices: PriceSnapshot = PRICES,
): BedCostEstimate {
  const lines: Array<{ item: string; perHourUsd: number }> = [];
  const unpriced: string[] = [];
  let nodes = 0;
  for (const f of fleets) {
    if (f.count === 0) continue;
    nodes += f.count;
    const hourly = prices.instanceHour[f.instanceType];
    if (hourly === undefined) unpriced.push(f.instanceType);
    else
      lines.push({
        item: `${f.count} × ${f.instanceType} (${f.role})`,
        perHourUsd: f.count * hourly,
      });
    lines.push({
      item: `${f.count} × ${f.rootGiB} GiB gp3 root`,
      perHourUsd: (f.count * f.rootGiB * prices.ebsGp3GiBMonth) / HOURS_PER_MONTH,
    });
  }
  if (options.egress === 'nat')
    lines.push({ item: 'NAT gateway', perHourUsd: prices.natGatewayHour });
  else
    lines.push({
      item: `${nodes} public IPv4 addresses`,
      perHourUsd: nodes * prices.publicIpv4Hour,
    });
  const perHourUsd = lines.reduce((s, l) => s + l.perHourUsd, 0);
  const caveats = [
    options.region !== prices.region
      ? `the bed runs in ${options.region}, priced as ${prices.region}`
      : '',
    'on-demand; excludes data transfer',
  ].filter(Boolean);
  return {
    perHourUsd,
    ttlHours: options.ttlHours,
    ttlUsd: perHourUsd * options.ttlHours,
    lines,
    unpriced,
    basis: `${prices.currency} prices of ${prices.region} on ${prices.date} (${caveats.join('; ')})`,
  };
}

/** A run's cost and efficiency, for the cloud run's report. */
export interface RunCost {
  readonly costUsd: number;
  /** Throughput per dollar-hour of bed: (ops/s) / ($/h). */
  readonly opsPerSecPerDollarHour: number;
  readonly basis: string;
}

/** The cost of a run of `durationSeconds` on a bed costing `estimate.perHourUsd`, and ops/s per $/h. */
export function runCost(
  estimate: BedCostEstimate,
  durationSeconds: number,
  throughputOpsPerSec: number,
): RunCost {
  return {
    costUsd: (estimate.perHourUsd * durationSeconds) / 3600,
    opsPerSecPerDollarHour: estimate.perHourUsd > 0 ? throughputOpsPerSec / estimate.perHourUsd : 0,
    basis: estimate.basis,
  };
}

/** The estimate as text lines (pure; the CLI prints them before deploy). */
export function formatEstimate(e: BedCostEstimate): string[] {
  const usd = (n: number) => `$${n.toFixed(3)}`;
  return [
    ...e.lines.map((l) => `  ${l.item.padEnd(40)} ${usd(l.perHourUsd)}/h`),
    `  total ${usd(e.perHourUsd)}/h; for the TTL of ${e.ttlHours} h at most ${usd(e.ttlUsd)}`,
    ...(e.unpriced.length > 0
      ? [`  not in the price snapshot (missing from the totals): ${e.unpriced.join(', ')}`]
      : []),
    `  ${e.basis}`,
  ];
}
