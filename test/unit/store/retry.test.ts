import { errors, types } from 'cassandra-driver';

import { exponentialBackoff } from '../../../store';
import { classify, missingSchemaName } from '../../../store/private/classify';
import { tokenRanges } from '../../../store/private/scan';

function responseError(code: number, message: string): errors.ResponseError {
  return new errors.ResponseError(code, message);
}

describe('retry policy', () => {
  it('backs off exponentially with full jitter up to the cap, then gives up', () => {
    const p = exponentialBackoff({
      maxAttempts: 5,
      baseDelayMs: 100,
      maxDelayMs: 500,
      random: () => 1,
    });
    expect([1, 2, 3, 4].map((a) => p.decide(a, 'write-timeout').delayMs)).toEqual([
      100, 200, 400, 500,
    ]);
    expect(p.decide(5, 'write-timeout').retry).toBe(false);
    expect(exponentialBackoff({ random: () => 0 }).decide(1, 'x').delayMs).toBe(0);
  });
});

describe('error classification', () => {
  const names = ['shop', 'people'];
  it.each([
    [types.responseErrorCodes.writeTimeout, 'transient', 'write-timeout'],
    [types.responseErrorCodes.readTimeout, 'transient', 'read-timeout'],
    [types.responseErrorCodes.unavailableException, 'transient', 'unavailable'],
    [types.responseErrorCodes.overloaded, 'transient', 'overloaded'],
    [types.responseErrorCodes.syntaxError, 'permanent', 'syntax-error'],
    [types.responseErrorCodes.unauthorized, 'permanent', 'unauthorized'],
  ])('code %d is %s (%s)', (code, cls, kind) => {
    expect(classify(responseError(code, 'x'), names)).toEqual({ class: cls, kind });
  });

  it('treats no host, client timeouts and busy pools as transient', () => {
    expect(classify(new errors.NoHostAvailableError({}), names).class).toBe('transient');
    expect(classify(new errors.OperationTimedOutError('t'), names).kind).toBe('client-timeout');
  });

  it('recognises a missing keyspace or table of its own schema only, across Cassandra versions', () => {
    const invalid = types.responseErrorCodes.invalid;
    expect(classify(responseError(invalid, 'table people does not exist'), names).class).toBe(
      'missing-schema',
    );
    expect(classify(responseError(invalid, 'keyspace shop does not exist'), names).class).toBe(
      'missing-schema',
    );
    expect(classify(responseError(invalid, 'unconfigured table people'), names).class).toBe(
      'missing-schema',
    );
    expect(classify(responseError(invalid, 'table other does not exist'), names)).toEqual({
      class: 'permanent',
      kind: 'invalid',
    });
    expect(
      missingSchemaName(responseError(invalid, 'Undefined column name x in table shop.people')),
    ).toBeUndefined();
  });
});

describe('token ranges of a full scan', () => {
  it('cover the Murmur3 ring contiguously', () => {
    const ranges = tokenRanges(7);
    expect(ranges[0]?.[0]).toBe(-(2n ** 63n));
    expect(ranges.at(-1)?.[1]).toBe(2n ** 63n - 1n);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i]?.[0]).toBe(ranges[i - 1]?.[1]);
  });
});
