import { createServer, type Server } from 'node:net';

import {
  allocateLoopbackBlock,
  ensurePortsFree,
  findPortOwner,
  isPortFree,
} from '../../local/ports';

function listen(host: string): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, host, () => {
      resolve(server);
    });
  });
}

describe('ports', () => {
  it('sees a taken port and names its owner', async () => {
    const server = await listen('127.0.0.1');
    const port = (server.address() as { port: number }).port;
    try {
      expect(await isPortFree('127.0.0.1', port)).toBe(false);
      expect(findPortOwner(port)?.pid).toBe(process.pid);
      await expect(ensurePortsFree('127.0.0.1', [port], 'test service')).rejects.toThrow(
        new RegExp(
          `test service: port 127\\.0\\.0\\.1:${port} is already in use by pid ${process.pid}`,
        ),
      );
    } finally {
      server.close();
    }
    expect(await isPortFree('127.0.0.1', port)).toBe(true);
  });

  it('hands out distinct loopback blocks and takes them back', () => {
    const a = allocateLoopbackBlock();
    const b = allocateLoopbackBlock();
    try {
      expect(a.block).not.toBe(b.block);
      expect(a.address(3)).toBe(`127.0.${a.block}.3`);
    } finally {
      a.release();
      b.release();
    }
    const c = allocateLoopbackBlock();
    c.release();
    expect([a.block, b.block]).toContain(c.block);
  });

  it('takes over the block of an owner that died', () => {
    const dead = allocateLoopbackBlock(2 ** 22 + 12345); // no such pid
    const next = allocateLoopbackBlock();
    try {
      expect(next.block).toBe(dead.block);
    } finally {
      next.release();
    }
  });
});
