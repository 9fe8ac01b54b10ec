import { createSocket } from 'node:dgram';

import { encodeMetadata, encodeValue, GmetricSender, MonitoringError } from '../../../monitoring';

/** A tiny XDR reader for the assertions (the inverse of the encoder's two primitives). */
function reader(buf: Buffer): { uint(): number; string(): string; done(): boolean } {
  let pos = 0;
  return {
    uint() {
      const v = buf.readUInt32BE(pos);
      pos += 4;
      return v;
    },
    string() {
      const len = buf.readUInt32BE(pos);
      const s = buf.subarray(pos + 4, pos + 4 + len).toString('utf8');
      pos += 4 + ((len + 3) & ~3);
      return s;
    },
    done: () => pos === buf.length,
  };
}

describe('gmetric encoding', () => {
  const host = { name: 'tests-0', address: '10.0.0.7' };

  it('writes the metadata message gmond expects (id 128, spoofed host, group)', () => {
    const r = reader(
      encodeMetadata(host, {
        name: 'testbed.write.ops_per_sec',
        type: 'float',
        units: 'calls/s',
        group: 'loadtest',
        tmaxSec: 10,
      }),
    );
    expect([
      r.uint(),
      r.string(),
      r.string(),
      r.uint(),
      r.string(),
      r.string(),
      r.string(),
    ]).toEqual([
      128,
      '10.0.0.7:tests-0',
      'testbed.write.ops_per_sec',
      1,
      'float',
      'testbed.write.ops_per_sec',
      'calls/s',
    ]);
    expect([r.uint(), r.uint(), r.uint(), r.uint()]).toEqual([3, 10, 0, 2]);
    expect([r.string(), r.string(), r.string(), r.string()]).toEqual([
      'GROUP',
      'loadtest',
      'SPOOF_HOST',
      '10.0.0.7:tests-0',
    ]);
    expect(r.done()).toBe(true);
  });

  it('writes values as %s strings without exponents', () => {
    const r = reader(encodeValue(host, 'x.y', 'float', 1234567.1234567));
    expect([r.uint(), r.string(), r.string(), r.uint(), r.string(), r.string()]).toEqual([
      133,
      '10.0.0.7:tests-0',
      'x.y',
      1,
      '%s',
      '1234567.123457',
    ]);
    const i = reader(encodeValue({ name: 'h' }, 'n', 'uint32', 41.6));
    expect([i.uint(), i.string(), i.string(), i.uint(), i.string(), i.string()]).toEqual([
      133,
      'h',
      'n',
      0,
      '%s',
      '42',
    ]);
  });

  it('fails if a value is not finite (a NaN point would read as "no data")', () => {
    expect(() => encodeValue(host, 'x', 'float', Number.NaN)).toThrow(
      /x: value NaN is not a finite number/,
    );
  });

  it('fails if a metric name cannot be an RRD file name', () => {
    expect(() => encodeValue(host, 'a/b', 'float', 1)).toThrow(MonitoringError);
    expect(() => encodeValue(host, 'a/b', 'float', 1)).toThrow(/"a\/b" is not allowed/);
  });
});

describe('GmetricSender', () => {
  it('sends metadata once, then values, over UDP', async () => {
    const server = createSocket('udp4');
    const got: Buffer[] = [];
    server.on('message', (m) => got.push(m));
    await new Promise<void>((r) => server.bind(0, '127.0.0.1', r));
    const port = server.address().port;
    const sender = new GmetricSender({
      targets: [{ address: '127.0.0.1', port }],
      host: { name: 'h' },
    });
    const m = { name: 'm', type: 'int32', units: 'u', group: 'g' } as const;
    sender.publish([{ ...m, value: 1 }]);
    sender.publish([{ ...m, value: 2 }]);
    const deadline = Date.now() + 5_000;
    while (got.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    sender.close();
    server.close();
    expect(got.map((b) => b.readUInt32BE(0))).toEqual([128, 133, 133]);
    expect(sender.stats).toMatchObject({ sent: 3, dropped: 0, errors: 0 });
  });

  it('never blocks or throws when nothing listens, and bounds what it keeps', () => {
    const sender = new GmetricSender({
      targets: [{ address: '127.0.0.1', port: 9 }],
      host: { name: 'h' },
      maxPendingSends: 4,
    });
    const started = performance.now();
    for (let i = 0; i < 1000; i++)
      sender.publish([{ name: 'm', type: 'float', units: '', group: 'g', value: i }]);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(sender.stats.dropped).toBeGreaterThan(0);
    sender.close();
  });

  it('fails if a target is not an IPv4 address', () => {
    expect(
      () =>
        new GmetricSender({
          targets: [{ address: 'ganglia.local', port: 8649 }],
          host: { name: 'h' },
        }),
    ).toThrow(/target ganglia.local:8649 is not an IPv4 address/);
  });
});
