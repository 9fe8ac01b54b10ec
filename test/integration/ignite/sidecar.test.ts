import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { connect } from 'node:net';

import { $ } from 'zx';

import { waitFor, withTimeout } from '../../../common/wait';
import { FrameDecoder, type Frame } from '../../../ignite/protocol/frames';
import { WireReader } from '../../../ignite/protocol/reader';
import { WireWriter } from '../../../ignite/protocol/writer';
import { Op, PROTOCOL_VERSION, Status } from '../../../ignite/protocol/constants';
import { WireObject } from '../../../ignite/protocol/values';
import { SidecarCallError, SidecarClient } from '../../../ignite/sidecar/client';
import { nodeScriptCommand } from '../../../services/node-script';
import { SIDECAR_MAIN, SidecarProcess } from '../../../services/ignite/sidecar-process';
import type { DataSource } from '../../../store';
import {
  ordersDescriptor,
  primitiveDescriptor,
  stopSuite,
  writeDescriptor,
} from '../../support/ignite';
import { integrationServices, suiteDir } from '../../support/services';
import { RF1, testDataSource, uniqueKeyspace } from '../../support/store';

/**
 * The sidecar driven directly through the protocol (no Ignite) against the run's Cassandra: what
 * bulk answers, transactions, loadCache credits and a graceful stop guarantee.
 */
describe('TypeScript store sidecar protocol (real Cassandra)', () => {
  const ks = uniqueKeyspace('sidecar');
  const dir = suiteDir('sidecar');
  const sockets = mkdtempSync(path.join(tmpdir(), 'testbed-sc-'));
  let sidecar: SidecarProcess;
  let client: SidecarClient;
  let ds: DataSource;

  const key = (customer: string, orderNo: bigint) =>
    new WireObject(
      'com.acme.OrderId',
      { customer, orderNo },
      { customer: 'string', orderNo: 'long' },
    );
  const value = (status: string) => new WireObject('com.acme.Order', { status, qty: 1 });
  /** Rows of a table; 0 while it does not exist (the store creates it on the first write). */
  const count = async (table: string) => {
    const tables = await ds.client.execute(
      'select table_name from system_schema.tables where keyspace_name = ? and table_name = ?',
      [ks, table],
    );
    if (tables.rowLength === 0) return 0;
    return Number(
      (await ds.client.execute(`select count(*) as n from ${ks}.${table}`)).first().get('n'),
    );
  };

  beforeAll(async () => {
    const descriptors = path.join(dir, 'descriptors');
    // Settings as a TypeScript module (the other way in besides XML), loaded by the sidecar.
    const settingsModule = path.join(descriptors, 'typed-settings.ts');
    mkdirSync(descriptors, { recursive: true });
    writeFileSync(
      settingsModule,
      `import { persistenceSettings } from ${JSON.stringify(path.resolve('store'))};
export const typed = persistenceSettings({
  keyspace: ${JSON.stringify(ks)},
  keyspaceOptions: ${JSON.stringify(RF1)},
  table: 'typed',
  key: { strategy: 'PRIMITIVE', type: 'text' },
  value: { strategy: 'POJO', class: 'com.acme.Note', fields: [{ name: 'body', type: 'text' }, { name: 'stars', type: 'int' }] },
});
`,
    );
    sidecar = new SidecarProcess({
      name: 'sidecar under test',
      dir: path.join(dir, 'sidecar'),
      config: {
        socket: path.join(sockets, 'sc.sock'),
        cassandra: { contactPoints: integrationServices().cassandra },
        caches: {
          orders: {
            descriptor: writeDescriptor(descriptors, 'orders', ordersDescriptor(ks, 'orders')),
          },
          typed: { settingsModule, settingsExport: 'typed' },
          longs: {
            descriptor: writeDescriptor(
              descriptors,
              'longs',
              primitiveDescriptor(ks, 'longs', 'java.lang.Long', 'java.lang.Long'),
            ),
          },
        },
      },
    });
    await sidecar.start();
    client = await SidecarClient.connect(sidecar.socketPath);
    ds = testDataSource();
  }, 120_000);

  afterAll(async () => {
    await stopSuite({ client, cluster: sidecar, ds, keyspace: ks });
    rmSync(sockets, { recursive: true, force: true });
  });

  it('answers a bulk write with exactly the items that failed; the others are written', async () => {
    const r = await client.call(Op.WRITE_ALL, (w) => {
      w.str('orders').optStr(undefined).u32(3);
      w.value(key('bulk', 1n)).value(value('a'));
      w.value(new WireObject('com.acme.OrderId', { customer: 'bulk' })).value(value('b')); // no orderNo
      w.value(key('bulk', 3n)).value(value('c'));
    });
    expect(r.status).toBe(Status.PARTIAL);
    expect(r.reader.str()).toMatch(/^1 of 3 items failed; first: item 1: .*orderNo/);
    expect(r.reader.u32()).toBe(1);
    expect(r.reader.u32()).toBe(1);
    const rows = await ds.client.execute(
      `select order_no, status from ${ks}.orders where customer = 'bulk'`,
    );
    expect(
      rows.rows.map((row) => [Number(row.get('order_no')), row.get('status') as string]),
    ).toEqual([
      [3, 'c'],
      [1, 'a'],
    ]);
  });

  it('commits a transaction only with every mutation the bridge sent, and discards rollbacks', async () => {
    const write = (xid: string, id: bigint) =>
      client.call(Op.WRITE, (w) =>
        w
          .str('longs')
          .optStr(xid)
          .value(id, 'long')
          .value(id * 10n, 'long'),
      );
    const end = (xid: string, commit: boolean, sent: number) =>
      client.call(Op.TX_END, (w) => w.str(xid).bool(commit).i64(BigInt(sent)));

    await write('tx-1', 1n);
    await write('tx-1', 2n);
    expect(await count('longs')).toBe(0);
    await expect(end('tx-1', true, 3)).rejects.toThrow(
      /sent 3 mutations, the sidecar holds 2; nothing was committed/,
    );
    await expect(write('tx-1', 3n)).rejects.toThrow(
      /TransactionError: transaction tx-1 already rolled back/,
    );

    await write('tx-2', 1n);
    await write('tx-2', 2n);
    expect((await end('tx-2', true, 2)).reader.i64()).toBe(2n);
    expect(await count('longs')).toBe(2);

    await write('tx-3', 5n);
    await end('tx-3', false, 1);
    expect(await count('longs')).toBe(2);

    // A write that fails makes its transaction rollback-only: later writes and the commit are refused.
    await expect(
      client.call(Op.WRITE, (w) => w.str('longs').optStr('tx-4').value('not a number').value(1n)),
    ).rejects.toThrow(/MappingError/);
    await expect(write('tx-4', 6n)).rejects.toThrow(/transaction tx-4 is rollback-only/);
    await expect(end('tx-4', true, 0)).rejects.toThrow(/a write failed earlier/);
    // A commit the sidecar never saw the writes of (it restarted) is refused.
    await expect(end('tx-unknown', true, 4)).rejects.toThrow(/holds none/);
    expect(await count('longs')).toBe(2);
  });

  it('streams loadCache only as far as the bridge grants credits', async () => {
    for (let n = 1n; n <= 25n; n++) {
      await client.call(Op.WRITE, (w) =>
        w.str('orders').optStr(undefined).value(key('scan', n)).value(value('s')),
      );
    }
    const stream = client.stream(Op.LOAD_CACHE, (w) =>
      w
        .str('orders')
        .u32(1)
        .u32(10)
        .u32(1)
        .str(`select * from ${ks}.orders where customer = 'scan'`),
    );
    const first = await stream.next(30_000);
    expect(first.status).toBe(Status.CHUNK);
    expect(first.reader.u32()).toBe(10);
    // No credit, no second chunk.
    await expect(stream.next(500)).rejects.toThrow(/Timed out/);
    stream.credit(1);
    expect((await stream.next(30_000)).reader.u32()).toBe(10);
    stream.credit(1);
    const last = await stream.next(30_000);
    expect(last.status).toBe(Status.CHUNK);
    expect(last.reader.u32()).toBe(5);
    stream.credit(1);
    const end = await stream.next(30_000);
    expect(end.status).toBe(Status.END);
    expect(end.reader.i64()).toBe(25n);
  });

  it('serves a cache whose settings come from a TypeScript module', async () => {
    const note = new WireObject(
      'com.acme.Note',
      { body: 'hello', stars: 5 },
      { body: 'string', stars: 'int' },
    );
    await client.call(Op.WRITE, (w) => w.str('typed').optStr(undefined).value('n1').value(note));
    const back = (
      await client.call(Op.LOAD, (w) => w.str('typed').value('n1'))
    ).reader.value() as WireObject;
    expect(back.typeName).toBe('com.acme.Note');
    expect({ ...back.fields }).toEqual({ body: 'hello', stars: 5 });
    expect(back.types).toEqual({ body: 'string', stars: 'int' });
  });

  it('refuses another protocol version, unknown caches and calls before HELLO', async () => {
    await expect(
      client.call(Op.HELLO, (w) => w.u16(PROTOCOL_VERSION + 1).str('x')),
    ).rejects.toThrow(
      new RegExp(
        `ProtocolError: the bridge speaks protocol ${PROTOCOL_VERSION + 1}, this sidecar ${PROTOCOL_VERSION}`,
      ),
    );
    await expect(client.call(Op.LOAD, (w) => w.str('nope').value(1n))).rejects.toThrow(
      /UnknownCacheError: no cache named nope .* \(it serves orders, typed, longs\)/,
    );
    const raw = connect(sidecar.socketPath);
    const answer = new Promise<Frame>((resolve, reject) => {
      const decoder = new FrameDecoder();
      raw.on('data', (chunk: Buffer) => {
        const [frame] = decoder.push(chunk);
        if (frame) resolve(frame);
      });
      raw.on('error', reject);
    });
    raw.write(WireWriter.frame(Op.LOAD, 7).str('longs').value(1n).finish());
    const frame = await withTimeout(answer, 10_000, 'an answer to a call before HELLO');
    raw.destroy();
    const r = new WireReader(frame.buf, frame.bodyOffset, frame.end);
    expect([frame.code, frame.requestId, r.str(), r.str()]).toEqual([
      Status.ERROR,
      7,
      'ProtocolError',
      'LOAD before HELLO',
    ]);
  });

  it('on SIGTERM finishes the requests in flight, discards open transactions, then exits', async () => {
    const probe = await SidecarClient.connect(sidecar.socketPath);
    const before = await count('longs');
    await client.call(Op.WRITE, (w) =>
      w.str('longs').optStr('open-tx').value(77n, 'long').value(1n, 'long'),
    );
    const entries = 3000;
    const bulk = client.call(
      Op.WRITE_ALL,
      (w) => {
        w.str('longs').optStr(undefined).u32(entries);
        for (let i = 0; i < entries; i++)
          w.value(BigInt(1000 + i), 'long').value(BigInt(i), 'long');
      },
      120_000,
    );
    // The bulk write is being served (in flight, besides this HEALTH call) when the signal comes.
    await waitFor(async () => ((await probe.health()).inFlight as number) >= 2, {
      description: 'the bulk write to be in flight',
      timeoutMs: 30_000,
      intervalMs: 10,
    });
    probe.close();
    const stopped = sidecar.stop();
    const answer = await bulk;
    expect(answer.status).toBe(Status.OK);
    await stopped;
    expect(sidecar.isRunning()).toBe(false);
    expect(await count('longs')).toBe(before + entries);
    const open = await ds.client.execute(`select id from ${ks}.longs where id = 77`);
    expect(open.rows).toHaveLength(0);
    await expect(client.call(Op.HEALTH, () => undefined, 5_000)).rejects.toThrow(SidecarCallError);
    // Started again for the rest of the suite (and its stop in afterAll).
    await sidecar.start();
    client = await SidecarClient.connect(sidecar.socketPath);
  });

  it('exits with code 2 and names the key on a configuration mistake', async () => {
    const file = path.join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        socket: path.join(sockets, 'bad.sock'),
        cassandra: { contactPoints: ['127.0.0.1'] },
        caches: { c: { descriptor: 'missing.xml' } },
      }),
    );
    const cmd = nodeScriptCommand(SIDECAR_MAIN, ['--config', file]);
    const result = await $({
      nothrow: true,
      quiet: true,
      timeout: 60_000,
    })`${cmd.command} ${cmd.args}`;
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(
      /bad\.json: caches\.c\.descriptor: cannot read .*missing\.xml \(ENOENT\)/,
    );
    expect(result.stderr).toMatch(/hint: Check the path/);
  });
});
