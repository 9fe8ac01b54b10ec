import { deadlineFromTtl } from '../../../bin/commands/cloud';
import { CloudBedError } from '../../../lib/errors';

const now = new Date('2026-12-07T21:00:30Z');

describe('cloud up --ttl', () => {
  it('rounds the deadline up to a whole minute', () => {
    expect(deadlineFromTtl('4h', undefined, now).toISOString()).toBe('2026-12-08T01:01:00.000Z');
    expect(deadlineFromTtl(undefined, 6, now).toISOString()).toBe('2026-12-08T03:01:00.000Z');
    expect(deadlineFromTtl('90m', 6, now).toISOString()).toBe('2026-12-07T22:31:00.000Z');
  });

  it('fails if the TTL is too short, too long or not a duration', () => {
    expect(() => deadlineFromTtl('5m', undefined, now)).toThrow(CloudBedError);
    expect(() => deadlineFromTtl('200h', undefined, now)).toThrow(/more than 168 h away/);
    expect(() => deadlineFromTtl('soon', undefined, now)).toThrow(/--ttl soon is not a duration/);
  });
});
