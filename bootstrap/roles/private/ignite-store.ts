/**
 * The store an Ignite node of the bed persists its caches with: the TypeScript store (its sidecar
 * process, the bridge jar, the socket property) or the original Java store (its staged jars and
 * the POJO classes it builds itself, configured like the original's own tests).
 */
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { StoreBinding } from '../../../ignite/cache-config';
import { SidecarProcess } from '../../../services/ignite/sidecar-process';
import { compileOriginalPojos, type Classpath, type Jdk } from '../../../services';
import type { PersistenceSettings } from '../../../store';
import { localDataCenter } from '../../shared/bed-files';
import type { RoleContext } from '../../shared/context';

/** What the Ignite node needs of its store. */
export interface IgniteStoreSetup {
  /** The store binding of a cache, by its descriptor file. */
  readonly binding: (descriptor: string) => StoreBinding;
  readonly extraClasspath: readonly string[];
  readonly extraJvmArgs: readonly string[];
  readonly binaryClassNames: readonly string[];
  /** The TS store's sidecar, started (stop it when the node fails to start). */
  readonly sidecar?: SidecarProcess;
}

/** Starts (TS) or prepares (original) the store of the spec's `ignite.store`. */
export async function igniteStore(
  ctx: RoleContext,
  props: {
    readonly dir: string;
    readonly jdk: Jdk;
    readonly caches: readonly {
      readonly name: string;
      readonly descriptor: string;
      readonly settings: PersistenceSettings;
    }[];
    /** The staged bridge jar (ts) or original store jars (original). */
    readonly artifact: string | Classpath;
    readonly timeoutMs: number;
  },
): Promise<IgniteStoreSetup> {
  const { bed, identity } = ctx;
  const c = bed.spec.cassandra;
  if (typeof props.artifact !== 'string') {
    const pojos = await compileOriginalPojos(
      props.caches.map((x) => x.settings),
      { jdk: props.jdk, env: ctx.variables },
    );
    return {
      binding: (descriptor) => ({
        kind: 'original',
        descriptorFile: descriptor,
        contactPoints: bed.addresses.cassandra,
        port: c.nativePort,
      }),
      extraClasspath: [`${props.artifact.libDir}/*`, ...(pojos ? [pojos.classesDir] : [])],
      extraJvmArgs: [],
      binaryClassNames: pojos?.classNames ?? [],
    };
  }
  // Unix socket paths are limited to 107 bytes: a short directory of its own.
  const sockets = path.join(
    tmpdir(),
    `testbed-sc-${createHash('sha256').update(path.resolve(props.dir)).digest('hex').slice(0, 10)}`,
  );
  const socket = path.join(sockets, 'node.sock');
  const sidecar = new SidecarProcess({
    name: `sidecar of ignite node ${identity.index}`,
    dir: path.join(identity.workDir, 'sidecar'),
    config: {
      socket,
      name: `sidecar-${identity.index}`,
      cassandra: {
        contactPoints: bed.addresses.cassandra.map((a) => `${a}:${c.nativePort}`),
        localDataCenter: localDataCenter(ctx),
      },
      caches: Object.fromEntries(props.caches.map((x) => [x.name, { descriptor: x.descriptor }])),
    },
  });
  await sidecar.start({ timeoutMs: props.timeoutMs });
  return {
    binding: () => ({ kind: 'ts' }),
    extraClasspath: [props.artifact],
    extraJvmArgs: [`-Dtestbed.sidecar.socket=${socket}`],
    binaryClassNames: [],
    sidecar,
  };
}
