import { waitFor, WaitTimeoutError, withTimeout } from '../../common/wait';

describe('waitFor', () => {
  it('returns the first truthy result', async () => {
    let n = 0;
    await expect(
      waitFor(() => (++n >= 3 ? n : false), { description: 'n', timeoutMs: 5000, intervalMs: 1 }),
    ).resolves.toBe(3);
  });

  it('times out with the last error in the message', async () => {
    const error = await waitFor(
      () => {
        throw new Error('connection refused');
      },
      { description: 'the thing', timeoutMs: 50, intervalMs: 10 },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as Error).message).toMatch(
      /waiting for the thing \(last attempt: connection refused\)/,
    );
  });

  it('rethrows fatal errors at once instead of waiting for the deadline', async () => {
    await expect(
      waitFor(
        () => {
          throw new RangeError('process exited');
        },
        { description: 'x', timeoutMs: 10_000, isFatal: (e) => e instanceof RangeError },
      ),
    ).rejects.toBeInstanceOf(RangeError);
  });
});

describe('withTimeout', () => {
  it('rejects a promise that does not settle in time', async () => {
    await expect(withTimeout(new Promise(() => undefined), 20, 'never')).rejects.toThrow(
      /Timed out .*never/,
    );
  });

  it('passes a result through', async () => {
    await expect(withTimeout(Promise.resolve(7), 1000, 'fast')).resolves.toBe(7);
  });
});
