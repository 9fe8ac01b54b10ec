import path from 'node:path';

import { $ } from 'zx';

import vectorsFile from '../../fixtures/bridge-codec-vectors.json';
import { findJdk, resolveClasspath } from '../../../local';
import { buildBridge } from '../../../local/ignite/bridge-jar';
import { IGNITE_POM, IGNITE_VERSION } from '../../../local/ignite/cluster';

/**
 * The Java half of the shared codec vectors (the TS half is test/unit/ignite/codec-vectors.test.ts):
 * the Java encoder still writes the checked-in bytes, and the Java decoder reads the bytes the TS
 * codec writes (the same bytes, checked by the unit test) back to values it encodes identically.
 * After a deliberate protocol change, regenerate the fixture from `CodecVectors encode`.
 */
describe('codec vectors shared with the Java bridge (real JVM)', () => {
  const golden = vectorsFile.vectors.map((v) => `${v.name} ${v.hex}`).join('\n');
  let java: (args: string[], input?: string) => Promise<string>;

  beforeAll(async () => {
    const jdk = findJdk();
    const [bridge, ignite] = await Promise.all([
      buildBridge({ jdk, log: () => undefined }),
      resolveClasspath({
        pom: IGNITE_POM,
        name: `ignite-${IGNITE_VERSION}`,
        jdk,
        log: () => undefined,
      }),
    ]);
    const classpath = [bridge.testClasses, bridge.jar, `${ignite.libDir}/*`].join(path.delimiter);
    java = async (args, input) => {
      const p = $({
        quiet: true,
        timeout: 60_000,
        ...(input !== undefined ? { input } : {}),
      })`${jdk.java} -cp ${classpath} io.github.ignitecassandratestbed.bridge.CodecVectors ${args}`;
      return (await p).stdout.trim();
    };
  }, 300_000);

  it('the Java encoder writes the checked-in bytes', async () => {
    expect(await java(['encode'])).toBe(golden);
  });

  it('the Java decoder reads the TS bytes back to the same values', async () => {
    expect(await java(['roundtrip'], `${golden}\n`)).toBe(golden);
  });
});
