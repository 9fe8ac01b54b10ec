import { bridgeTestMain } from '../../support/ignite';

/**
 * The bridge's connection to its sidecar, against a fake sidecar inside the JVM (`ConnectionChecks`
 * in the bridge's test sources): multiplexing under a full socket, interrupted Ignite threads, and
 * bounded waits when the sidecar stops reading.
 */
describe('bridge connection to the sidecar (real JVM, fake sidecar)', () => {
  let java: Awaited<ReturnType<typeof bridgeTestMain>>;

  beforeAll(async () => {
    java = await bridgeTestMain('ConnectionChecks');
  }, 300_000);

  it('keeps frames whole on a full socket, survives interrupted callers, times out on a stalled sidecar', async () => {
    const out = await java([], { timeoutMs: 180_000 });
    expect(out.split('\n')).toEqual([
      'ok concurrent-large-frames',
      'ok interrupted-caller',
      'ok stalled-sidecar',
    ]);
  }, 200_000);
});
