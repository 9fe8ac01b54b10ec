import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { allocateLoopbackBlock, CassandraCluster, type LoopbackBlock } from '../../../local';
import { CassandraStore, DataSource, DataSourceError, persistenceSettings } from '../../../store';
import { RF1 } from '../../support/store';
import { processesUnder, suiteDir } from '../../support/services';

/** A self-signed certificate for the node's address (openssl, from Debian's package). */
function selfSigned(dir: string, address: string): { keystorePem: string; caPem: string } {
  mkdirSync(dir, { recursive: true });
  const key = path.join(dir, 'node.key');
  const cert = path.join(dir, 'node.crt');
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-keyout',
        key,
        '-out',
        cert,
        '-subj',
        `/CN=${address}`,
        '-addext',
        `subjectAltName=IP:${address}`,
      ],
      { stdio: 'pipe' },
    );
  } catch (error) {
    throw new Error(
      `openssl could not make a test certificate (install it: apt-get install -y openssl): ${String(error)}`,
    );
  }
  const keystorePem = path.join(dir, 'keystore.pem');
  writeFileSync(keystorePem, `${readFileSync(key, 'utf8')}${readFileSync(cert, 'utf8')}`);
  return { keystorePem, caPem: cert };
}

/** The store's data source against a node that requires a password and TLS. */
describe('credentials (PasswordAuthenticator) and TLS (real Cassandra)', () => {
  const dir = suiteDir('security');
  let block: LoopbackBlock;
  let cluster: CassandraCluster;
  let tls: { keystorePem: string; caPem: string };
  let contactPoint: string;

  beforeAll(async () => {
    block = allocateLoopbackBlock();
    tls = selfSigned(path.join(dir, 'certs'), block.address(1));
    cluster = await CassandraCluster.start({
      dir: path.join(dir, 'cassandra'),
      loopback: block,
      fresh: true,
      security: { passwordAuthenticator: true, tls },
    });
    contactPoint = cluster.contactPoints[0] ?? '';
  }, 240_000);

  afterAll(async () => {
    await (cluster as CassandraCluster | undefined)?.stop(10_000);
    expect(processesUnder(dir)).toEqual([]);
  });

  it('writes and reads with credentials over TLS', async () => {
    const ds = new DataSource({
      contactPoints: [contactPoint],
      credentials: { username: 'cassandra', password: 'cassandra' },
      tls: { caFile: tls.caPem },
    });
    try {
      const store = new CassandraStore<string, string>({
        dataSource: ds,
        settings: persistenceSettings({
          keyspace: 'secure',
          keyspaceOptions: RF1,
          table: 'kv',
          key: { strategy: 'PRIMITIVE', type: 'text' },
          value: { strategy: 'PRIMITIVE', type: 'text' },
        }),
      });
      await store.write('k', 'over tls');
      expect(await store.load('k')).toBe('over tls');
    } finally {
      await ds.close();
    }
  });

  it('says the credentials were rejected, and never shows the password', async () => {
    const ds = new DataSource({
      contactPoints: [contactPoint],
      credentials: { username: 'cassandra', password: 'wrong-secret' },
      tls: { caFile: tls.caPem },
    });
    const error = await ds.connect().catch((e: unknown) => e);
    await ds.close();
    expect(error).toBeInstanceOf(DataSourceError);
    expect((error as Error).message).toMatch(
      /rejected the credentials|Provided username cassandra and\/or password are incorrect/,
    );
    expect((error as Error).message).not.toContain('wrong-secret');
    expect(JSON.stringify(ds)).not.toContain('wrong-secret');
  });

  it('cannot connect without TLS to a node that requires it', async () => {
    const ds = new DataSource({
      contactPoints: [contactPoint],
      credentials: { username: 'cassandra', password: 'cassandra' },
      connectTimeoutMs: 3000,
    });
    const error = await ds.connect().catch((e: unknown) => e);
    await ds.close();
    expect(error).toBeInstanceOf(DataSourceError);
    expect((error as Error).message).toContain(`Cannot reach Cassandra at ${contactPoint}`);
  });

  it('refuses a server certificate it does not trust', async () => {
    const other = selfSigned(path.join(dir, 'other-ca'), block.address(1));
    const ds = new DataSource({
      contactPoints: [contactPoint],
      credentials: { username: 'cassandra', password: 'cassandra' },
      tls: { caFile: other.caPem },
    });
    const error = await ds.connect().catch((e: unknown) => e);
    await ds.close();
    expect(error).toBeInstanceOf(DataSourceError);
    expect((error as Error).message).toMatch(/self[- ]signed|certificate/i);
  });
});
