import { estimateBedCost, formatEstimate, PRICES, runCost } from '../../../lib/cost/estimate';
import { estimateSpecCost } from '../../../lib/cost/spec-cost';
import { exampleSpec } from '../../support/cdk-bed';

describe('cost', () => {
  it('estimates per hour and for the TTL from the dated snapshot', () => {
    const e = estimateBedCost(
      [
        { role: 'cassandra', count: 3, instanceType: 'i4i.xlarge', rootGiB: 30 },
        { role: 'tests', count: 2, instanceType: 'c7i.xlarge', rootGiB: 30 },
      ],
      { egress: 'nat', ttlHours: 2, region: 'us-east-1' },
    );
    const ebs = (5 * 30 * 0.08) / 730;
    expect(e.perHourUsd).toBeCloseTo(3 * 0.343 + 2 * 0.1785 + 0.045 + ebs, 6);
    expect(e.ttlUsd).toBeCloseTo(e.perHourUsd * 2, 6);
    expect(e.basis).toBe(
      `USD prices of us-east-1 on ${PRICES.date} (on-demand; excludes data transfer)`,
    );
    expect(formatEstimate(e).at(-2)).toMatch(
      /^ {2}total \$\d+\.\d{3}\/h; for the TTL of 2 h at most \$\d+\.\d{3}$/,
    );
  });

  it('names instance types it cannot price and the region it substitutes', () => {
    const e = estimateSpecCost(exampleSpec('nightly-cloud.yaml'));
    expect(e.unpriced).toEqual([]);
    expect(e.ttlHours).toBe(6);
    expect(e.basis).toContain('the bed runs in eu-west-1, priced as us-east-1');
    const odd = estimateBedCost(
      [{ role: 'tests', count: 1, instanceType: 'x9.huge', rootGiB: 8 }],
      {
        egress: 'public-ipv4',
        ttlHours: 1,
        region: 'us-east-1',
      },
    );
    expect(odd.unpriced).toEqual(['x9.huge']);
  });

  it('gives a run’s cost and ops/s per dollar-hour for the report', () => {
    const e = estimateBedCost(
      [{ role: 'tests', count: 1, instanceType: 't3.small', rootGiB: 30 }],
      {
        egress: 'public-ipv4',
        ttlHours: 1,
        region: 'us-east-1',
      },
    );
    const r = runCost(e, 1800, 1000);
    expect(r.costUsd).toBeCloseTo(e.perHourUsd / 2, 9);
    expect(r.opsPerSecPerDollarHour).toBeCloseTo(1000 / e.perHourUsd, 6);
  });
});
