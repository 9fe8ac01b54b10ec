import { renderIgniteSpringXml } from '../../ignite/spring-config';
import { topologyServers } from '../../services';

describe('renderIgniteSpringXml', () => {
  const xml = renderIgniteSpringXml({
    instanceName: 'n1',
    localAddress: '127.0.10.1',
    discoveryAddresses: ['127.0.10.1:47500', '127.0.10.2:47500'],
    workDirectory: '/tmp/w & co',
    dataRegionMiB: 128,
  });

  it('uses static discovery on the given addresses, no multicast', () => {
    expect(xml).toContain('TcpDiscoveryVmIpFinder');
    expect(xml).not.toContain('Multicast');
    expect(xml).toContain('<value>127.0.10.1:47500</value>');
    expect(xml).toContain('<value>127.0.10.2:47500</value>');
  });

  it('opens the thin-client connector on the node address', () => {
    expect(xml).toMatch(
      /ClientConnectorConfiguration">\s*<property name="host" value="127\.0\.10\.1"\/>\s*<property name="port" value="10800"\/>/,
    );
  });

  it('sizes a small in-memory data region and escapes values', () => {
    expect(xml).toContain(`<property name="maxSize" value="${128 * 1024 * 1024}"/>`);
    expect(xml).toContain('<property name="persistenceEnabled" value="false"/>');
    expect(xml).toContain('/tmp/w &amp; co');
  });
});

describe('topologyServers', () => {
  it('reads the server count of the newest topology snapshot', () => {
    const log = [
      '[08:00:01] Topology snapshot [ver=1, locNode=a1, servers=1, clients=0, state=ACTIVE, CPUs=2, offheap=0.25GB, heap=0.5GB]',
      '[08:00:03] Topology snapshot [ver=2, locNode=a1, servers=2, clients=0, state=ACTIVE, CPUs=2, offheap=0.5GB, heap=1.0GB]',
    ].join('\n');
    expect(topologyServers(log)).toBe(2);
    expect(topologyServers('starting…')).toBe(0);
    // A start summary printed late still names the topology the node started in.
    const late = `${log}\n[08:00:04] Topology snapshot [ver=1, locNode=a1, servers=1, clients=0, state=ACTIVE]`;
    expect(topologyServers(late)).toBe(2);
  });
});
