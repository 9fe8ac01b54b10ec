import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
  loadSidecarConfig,
  SidecarConfigError,
  validateSidecarConfig,
} from '../../../ignite/sidecar/config';

describe('sidecar configuration', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sidecar-config-'));
  const file = path.join(dir, 'sidecar.json');
  writeFileSync(path.join(dir, 'people.xml'), '<persistence/>');
  const valid = {
    socket: 'sc.sock',
    cassandra: { contactPoints: ['127.0.0.1:9042'], localDataCenter: 'dc1' },
    caches: { people: { descriptor: 'people.xml', keyType: 'com.acme.Id' } },
    drainTimeoutMs: 1000,
  };

  it('resolves paths against the file and keeps what is set', () => {
    expect(validateSidecarConfig(valid, file)).toEqual({
      socket: path.join(dir, 'sc.sock'),
      cassandra: { contactPoints: ['127.0.0.1:9042'], localDataCenter: 'dc1' },
      caches: { people: { descriptor: path.join(dir, 'people.xml'), keyType: 'com.acme.Id' } },
      drainTimeoutMs: 1000,
    });
  });

  const failsWith = (raw: unknown, pattern: RegExp) => {
    expect(() => validateSidecarConfig(raw, file)).toThrow(SidecarConfigError);
    expect(() => validateSidecarConfig(raw, file)).toThrow(pattern);
  };

  it('fails if a key is unknown, naming the file and the key', () => {
    failsWith(
      { ...valid, socketPath: 'x' },
      new RegExp(`${file.replace(/\//g, '\\/')}: socketPath: unknown key`),
    );
    failsWith(
      { ...valid, caches: { people: { descriptor: 'people.xml', table: 't' } } },
      /caches\.people\.table: unknown key/,
    );
  });
  it('fails if the socket is missing or too long for a Unix socket', () => {
    failsWith({ ...valid, socket: undefined }, /socket: is missing/);
    failsWith(
      { ...valid, socket: `/tmp/${'s'.repeat(120)}` },
      /socket: .* bytes; Unix sockets allow 107/,
    );
  });
  it('fails if a cache names no settings, or both kinds', () => {
    failsWith({ ...valid, caches: {} }, /caches: names no cache/);
    failsWith(
      { ...valid, caches: { c: {} } },
      /caches\.c: needs exactly one of "descriptor" \(XML\) and "settingsModule"/,
    );
    failsWith(
      { ...valid, caches: { c: { descriptor: 'people.xml', settingsModule: 'people.xml' } } },
      /needs exactly one/,
    );
  });
  it('fails if a descriptor cannot be read', () => {
    failsWith(
      { ...valid, caches: { c: { descriptor: 'nope.xml' } } },
      /caches\.c\.descriptor: cannot read .*nope\.xml \(ENOENT\)/,
    );
  });
  it('fails on bad values', () => {
    failsWith(
      { ...valid, cassandra: { contactPoints: [] } },
      /cassandra\.contactPoints: must be a non-empty array/,
    );
    failsWith(
      { ...valid, caches: { c: { descriptor: 'people.xml', schema: 'yes' } } },
      /caches\.c\.schema: must be "auto" or "none"/,
    );
    failsWith(
      { ...valid, caches: { c: { descriptor: 'people.xml', bulkGrouping: 'token' } } },
      /caches\.c\.bulkGrouping: must be "replica" or "partition", got "token"/,
    );
    failsWith(
      { ...valid, maxInFlightPerConnection: 0 },
      /maxInFlightPerConnection: must be an integer from 1 to 65536, got 0/,
    );
    failsWith(
      { ...valid, cassandra: { contactPoints: ['a'], credentials: { username: 'u' } } },
      /cassandra\.credentials\.password: is missing/,
    );
  });
  it('fails on a file that is not JSON, with the parser message', () => {
    writeFileSync(file, '{ "socket": ');
    expect(() => loadSidecarConfig(file)).toThrow(/sidecar\.json: not valid JSON/);
  });
});
