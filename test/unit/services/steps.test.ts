import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
  startCassandraNode,
  startIgniteNode,
  type JvmRuntime,
  type ProcessSpec,
  type RunningProcess,
  type ServiceEnvironment,
} from '../../../services';

/** A runner that records what it was asked to start and reports it ready at once. */
function recordingRunner(): { env: ServiceEnvironment; started: ProcessSpec[] } {
  const started: ProcessSpec[] = [];
  const proc: RunningProcess = {
    pid: 4242,
    isAlive: () => true,
    waitUntilReady: () => Promise.resolve(),
    stop: () => Promise.resolve(),
    kill: () => Promise.resolve(),
  };
  return {
    started,
    env: {
      variables: { PATH: '/usr/bin', TESTBED_MARK: 'x' },
      log: () => undefined,
      runner: {
        start: (spec) => {
          started.push(spec);
          return proc;
        },
      },
    },
  };
}

const runtime: JvmRuntime = {
  jdk: {
    home: '/opt/jdk17',
    java: '/opt/jdk17/bin/java',
    version: '17.0.15',
    major: 17,
    source: 'test',
  },
  classpath: { libDir: '/cache/cassandra/lib', jars: ['/cache/cassandra/lib/jamm-0.4.0.jar'] },
};

describe('service steps with an injected environment', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'steps-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('configures and starts a Cassandra node on a non-loopback address through the given runner', async () => {
    const { env, started } = recordingRunner();
    await startCassandraNode(env, runtime, {
      name: 'cassandra node 2 (10.0.1.12)',
      clusterName: 'bed',
      address: '10.0.1.12',
      nativePort: 9042,
      storagePort: 7000,
      seeds: ['10.0.1.11', '10.0.1.12'],
      initialToken: '0',
      dir,
      heapMiB: 2048,
      availableProcessors: 8,
    });
    const yaml = readFileSync(path.join(dir, 'cassandra.yaml'), 'utf8');
    expect(yaml).toMatch(/listen_address: 10\.0\.1\.12/);
    expect(yaml).toContain('10.0.1.11:7000,10.0.1.12:7000');
    expect(yaml).not.toMatch(/127\.0\.0\./);
    expect(started).toHaveLength(1);
    const spec = started[0] as ProcessSpec;
    expect(spec.command).toBe('/opt/jdk17/bin/java');
    expect(spec.env).toMatchObject({ TESTBED_MARK: 'x', JAVA_HOME: '/opt/jdk17' });
    expect(spec.args).toEqual(
      expect.arrayContaining(['-Xmx2048m', '-Dcassandra.available_processors=8']),
    );
    expect(spec.args.at(-1)).toBe('org.apache.cassandra.service.CassandraDaemon');
  });

  it('renders an Ignite node for the addresses it is given', async () => {
    const { env, started } = recordingRunner();
    await startIgniteNode(env, runtime, {
      name: 'ignite node 1 (10.0.2.11)',
      dir,
      heapMiB: 1024,
      expectedServers: 2,
      config: {
        instanceName: 'bed-ignite-1',
        localAddress: '10.0.2.11',
        discoveryAddresses: ['10.0.2.11:47500', '10.0.2.12:47500'],
        workDirectory: path.join(dir, 'work'),
      },
    });
    const xml = readFileSync(path.join(dir, 'ignite-config.xml'), 'utf8');
    expect(xml).toContain('10.0.2.12:47500');
    expect(xml).not.toMatch(/127\.0\.0\./);
    expect(started[0]?.args.at(-1)).toBe(path.join(dir, 'ignite-config.xml'));
  });
});
