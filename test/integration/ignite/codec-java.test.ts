import vectorsFile from '../../fixtures/bridge-codec-vectors.json';
import { bridgeTestMain } from '../../support/ignite';

/**
 * The Java half of the shared codec vectors (the TS half is test/unit/ignite/codec-vectors.test.ts):
 * the Java encoder still writes the checked-in bytes, and the Java decoder reads the bytes the TS
 * codec writes (the same bytes, checked by the unit test) back to values it encodes identically.
 * After a deliberate protocol change, regenerate the fixture from `CodecVectors encode`.
 */
describe('codec vectors shared with the Java bridge (real JVM)', () => {
  const golden = vectorsFile.vectors.map((v) => `${v.name} ${v.hex}`).join('\n');
  let java: Awaited<ReturnType<typeof bridgeTestMain>>;

  beforeAll(async () => {
    java = await bridgeTestMain('CodecVectors');
  }, 300_000);

  it('the Java encoder writes the checked-in bytes', async () => {
    expect(await java(['encode'])).toBe(golden);
  });

  it('the Java decoder reads the TS bytes back to the same values', async () => {
    expect(await java(['roundtrip'], { input: `${golden}\n` })).toBe(golden);
  });
});

describe('coalesced-call frames shared with the Java bridge (real JVM)', () => {
  let java: Awaited<ReturnType<typeof bridgeTestMain>>;

  beforeAll(async () => {
    java = await bridgeTestMain('CodecVectors');
  }, 300_000);

  it('the bridge writes the checked-in request frames', async () => {
    expect(await java(['frames'])).toBe(
      vectorsFile.frames.map((f) => `${f.name} ${f.hex}`).join('\n'),
    );
  });

  it("the bridge reads the sidecar's multi answer entry by entry", async () => {
    expect(await java(['answer', vectorsFile.multiAnswer.hex])).toBe(
      vectorsFile.multiAnswer.javaReads,
    );
  });
});
