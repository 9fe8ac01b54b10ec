import { parse } from 'yaml';

import { renderCassandraYaml } from '../../services/cassandra/config';
import { balancedTokens } from '../../services/cassandra/tokens';

describe('balancedTokens', () => {
  it('spreads one token per node evenly over the Murmur3 ring', () => {
    expect(balancedTokens(1)).toEqual(['-9223372036854775808']);
    const three = balancedTokens(3).map(BigInt);
    expect(three[0]).toBe(-(2n ** 63n));
    const gaps = [three[1]! - three[0]!, three[2]! - three[1]!, 2n ** 63n - three[2]!];
    for (const gap of gaps) expect(gap - 2n ** 64n / 3n).toBeLessThanOrEqual(1n);
  });
});

describe('renderCassandraYaml', () => {
  const yaml = parse(
    renderCassandraYaml({
      clusterName: 'c',
      address: '127.0.10.2',
      nativePort: 9042,
      storagePort: 7000,
      seeds: ['127.0.10.1', '127.0.10.2'],
      initialToken: '42',
      dir: '/tmp/n2',
    }),
  ) as Record<string, unknown>;

  it('binds every socket to the node address', () => {
    expect(yaml.listen_address).toBe('127.0.10.2');
    expect(yaml.rpc_address).toBe('127.0.10.2');
  });

  it('lists all nodes as seeds with the storage port', () => {
    expect(JSON.stringify(yaml.seed_provider)).toContain('127.0.10.1:7000,127.0.10.2:7000');
  });

  it('keeps every directory inside the node directory', () => {
    expect(yaml.data_file_directories).toEqual(['/tmp/n2/data']);
    for (const key of [
      'commitlog_directory',
      'hints_directory',
      'saved_caches_directory',
      'cdc_raw_directory',
    ]) {
      expect(String(yaml[key])).toMatch(/^\/tmp\/n2\//);
    }
  });

  it('assigns the token and does not bootstrap (fresh local clusters start together)', () => {
    expect(yaml.initial_token).toBe('42');
    expect(yaml.num_tokens).toBe(1);
    expect(yaml.auto_bootstrap).toBe(false);
  });
});
