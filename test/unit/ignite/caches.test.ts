import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { openCaches } from '../../../ignite/sidecar/caches';
import { SidecarConfigError, type SidecarConfig } from '../../../ignite/sidecar/config';
import { DataSource } from '../../../store';

/** Building the stores of a configuration: errors name the cache's key (no Cassandra involved). */
describe('openCaches', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sidecar-caches-'));
  const ds = new DataSource({ contactPoints: ['127.0.0.1'] });
  const config = (caches: SidecarConfig['caches']): SidecarConfig => ({
    socket: path.join(dir, 's.sock'),
    cassandra: { contactPoints: ['127.0.0.1'] },
    caches,
  });

  it('fails if a settings module lacks the export, naming what it has', async () => {
    const module = path.join(dir, 'settings.js');
    writeFileSync(module, 'exports.other = 1;\n');
    await expect(
      openCaches(
        config({ c: { settingsModule: module, settingsExport: 'people' } }),
        ds,
        () => undefined,
      ),
    ).rejects.toThrow(
      new RegExp(
        `caches\\.c\\.settingsModule: ${module.replace(/\//g, '\\/')} has no export "people" \\(it exports other\\)`,
      ),
    );
  });

  it('fails if the export is not persistence settings', async () => {
    const module = path.join(dir, 'not-settings.js');
    writeFileSync(module, 'exports.default = { keyspace: 1 };\n');
    await expect(
      openCaches(config({ c: { settingsModule: module } }), ds, () => undefined),
    ).rejects.toThrow(SidecarConfigError);
  });

  it('fails on an invalid descriptor with the cache key, the file, the place and the problem', async () => {
    const file = path.join(dir, 'bad.xml');
    writeFileSync(
      file,
      '<persistence keyspace="ks">\n  <keyPersistence strategy="PRIMITIVE"/>\n</persistence>\n',
    );
    await expect(
      openCaches(config({ c: { descriptor: file } }), ds, () => undefined),
    ).rejects.toThrow(/^caches\.c: .*bad\.xml:1:1 persistence: valuePersistence is missing/);
  });
});
