import { cpSync, mkdtempSync, readFileSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
  applyPhp8Fixes,
  GANGLIA_WEB_ROOT,
  renderCollectorGmondConf,
  renderGmetadConf,
  renderHttpdConf,
  renderNodeGmondConf,
  viewDocument,
  withConfHook,
} from '../../../monitoring';

const ganglia = { address: '10.0.0.9' };

describe('gmond and gmetad configuration', () => {
  it('names a node stably, in its role cluster, sending unicast to the role collector', () => {
    const conf = renderNodeGmondConf(
      { cluster: 'cassandra', index: 2, address: '10.0.0.12' },
      ganglia,
    );
    expect(conf).toContain('override_hostname = "cassandra-2"');
    expect(conf).toContain('override_ip = "10.0.0.12"');
    expect(conf).toContain('name = "cassandra"');
    expect(conf).toMatch(/udp_send_channel {\n {2}host = 10\.0\.0\.9\n {2}port = 8661/);
    expect(conf).toContain('deaf = yes');
    expect(conf).not.toContain('udp_recv_channel');
  });

  it('has one collector per cluster, bound to the Ganglia address, and one data source each', () => {
    expect(renderCollectorGmondConf('ignite', ganglia)).toMatch(
      /udp_recv_channel {\n {2}port = 8662\n {2}bind = 10\.0\.0\.9/,
    );
    const gmetad = renderGmetadConf({ ganglia, rrdDir: '/r', gridName: 'bed-1' });
    expect(gmetad.split('\n').filter((l) => l.startsWith('data_source'))).toEqual([
      'data_source "cassandra" 5 10.0.0.9:8661',
      'data_source "ignite" 5 10.0.0.9:8662',
      'data_source "tests" 5 10.0.0.9:8663',
      'data_source "ganglia" 5 10.0.0.9:8664',
    ]);
    expect(gmetad).toContain('trusted_hosts 127.0.0.1 10.0.0.9');
  });

  it('fails if an address is not IPv4', () => {
    expect(() =>
      renderNodeGmondConf({ cluster: 'tests', index: 0, address: 'localhost' }, ganglia),
    ).toThrow(/tests-0 address "localhost" is not an IPv4 address/);
  });
});

describe('ganglia-web', () => {
  it('listens on one address only and loads the PHP 8 shim', () => {
    const conf = renderHttpdConf({
      dir: '/w',
      rrdDir: '/r',
      confDir: '/c',
      dwooDir: '/d',
      address: '127.0.0.5',
      port: 8080,
      gmetadInteractivePort: 8652,
    });
    expect(conf.split('\n').filter((l) => l.startsWith('Listen'))).toEqual([
      'Listen 127.0.0.5:8080',
    ]);
    expect(conf).toContain('php_value auto_prepend_file "/w/php8-shim.php"');
    expect(conf).toContain('Alias /javascript "/usr/share/javascript"');
  });

  it('adds the instance hook to conf.php once', () => {
    const once = withConfHook(undefined)!;
    expect(withConfHook(once)).toBeUndefined();
    expect(withConfHook('<?php $conf["x"] = 1; ?>')).toContain('TESTBED_GANGLIA_WEB_CONF');
  });

  it('draws aggregate graphs of the role hosts in each view', () => {
    const view = viewDocument('cassandra') as { items: { host_regex: { regex: string }[] }[] };
    expect(view.items.length).toBeGreaterThan(0);
    expect(view.items.every((i) => i.host_regex[0]?.regex === '^cassandra-[0-9]+$')).toBe(true);
  });

  const installed = (() => {
    try {
      readFileSync(path.join(GANGLIA_WEB_ROOT, 'graph.php'));
      return true;
    } catch {
      return false;
    }
  })();
  (installed ? it : it.skip)(
    'applies the PHP 8 fixes idempotently (on a copy of the package files)',
    () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'gweb-'));
      try {
        for (const f of ['lib', 'api', 'dwoo'])
          cpSync(path.join(GANGLIA_WEB_ROOT, f), path.join(dir, f), { recursive: true });
        for (const f of [
          'ganglia.php',
          'get_ganglia.php',
          'cluster_view.php',
          'graph.php',
          'functions.php',
        ]) {
          cpSync(path.join(GANGLIA_WEB_ROOT, f), path.join(dir, f));
        }
        const first = applyPhp8Fixes(dir);
        const second = applyPhp8Fixes(dir);
        expect(second.applied).toEqual([]);
        expect(second.alreadyApplied).toHaveLength(
          first.applied.length + first.alreadyApplied.length,
        );
        expect(readFileSync(path.join(dir, 'cluster_view.php'), 'utf8')).not.toContain(
          '$cluster[LOCALTIME]',
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('fails if the package files changed (names the file and the fix)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gweb-'));
    try {
      mkdirSync(path.join(dir, 'lib'));
      writeFileSync(path.join(dir, 'lib', 'common_api.php'), '<?php // something else');
      expect(() => applyPhp8Fixes(dir)).toThrow(
        /common_api\.php: neither the original nor the fixed text found/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
