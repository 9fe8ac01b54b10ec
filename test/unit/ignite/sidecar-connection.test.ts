import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { withTimeout } from '../../../common/wait';
import { Op, Status } from '../../../ignite/protocol/constants';
import { FrameDecoder, type Frame } from '../../../ignite/protocol/frames';
import { WireWriter } from '../../../ignite/protocol/writer';
import { SidecarConnection, type ConnectionHost } from '../../../ignite/sidecar/connection';
import { TransactionRegistry } from '../../../ignite/sidecar/transactions';
import { DataSource } from '../../../store';

/**
 * A stop waits until no request is in flight and then closes the connections. The answer to the
 * last request may still be corked in the sidecar at that moment (responses of one event-loop turn
 * leave together); closing must send it, not drop it.
 */
describe('sidecar connection close', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'testbed-conn-'));
  const socketPath = path.join(dir, 'c.sock');
  let server: Server;
  // Never connected: HEALTH touches no transaction and no Cassandra.
  const transactions = new TransactionRegistry(new DataSource({ contactPoints: ['127.0.0.1'] }), {
    maxOpen: 1,
    timeoutMs: 60_000,
    log: () => undefined,
  });

  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
  });
  afterAll(() => {
    transactions.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers an answer still corked when the connection closes right after it', async () => {
    let connection: SidecarConnection | undefined;
    let closed: Promise<void> | undefined;
    const host: ConnectionHost = {
      context: {
        name: 'unit',
        instance: 'i',
        caches: new Map(),
        transactions,
        health: () => ({ ok: true }),
        coalesced: () => undefined,
      },
      maxInFlight: 4,
      creditTimeoutMs: 1_000,
      stopping: false,
      // The moment a server stop sees zero requests in flight: close at once, as the stop does.
      track: (_op, delta) => {
        if (delta === -1) closed = connection?.close(1_000);
      },
      log: () => undefined,
      queuedFor: () => undefined,
    };
    server = createServer((socket: Socket) => {
      connection = new SidecarConnection(socket, host);
    });
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));

    const client = connect(socketPath);
    const answer = new Promise<Frame>((resolve, reject) => {
      const decoder = new FrameDecoder();
      client.on('data', (chunk: Buffer) => {
        const [frame] = decoder.push(chunk);
        if (frame) resolve(frame);
      });
      client.on('close', () => {
        reject(new Error('closed without an answer'));
      });
    });
    client.write(WireWriter.frame(Op.HEALTH, 3).finish());
    const frame = await withTimeout(answer, 10_000, 'the HEALTH answer');
    expect([frame.code, frame.requestId]).toEqual([Status.OK, 3]);
    await withTimeout(closed ?? Promise.resolve(), 10_000, 'the connection to close');
    expect(client.readableEnded || client.destroyed).toBe(true);
  });
});
