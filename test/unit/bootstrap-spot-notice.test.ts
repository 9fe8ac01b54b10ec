import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
  readSpotNotice,
  watchSpotNotice,
  type SpotNotice,
} from '../../bootstrap/shared/spot-notice';

/** A stand-in for IMDSv2 (pure protocol logic): a token, then 404 until a notice is set. */
const notice: { value?: SpotNotice } = {};
const asked: number[] = [];
const server = createServer((req, res) => {
  if (req.method === 'PUT' && req.url === '/latest/api/token') {
    res.end('token-1');
    return;
  }
  if (req.url === '/latest/meta-data/spot/instance-action') {
    asked.push(Date.now());
    if (req.headers['x-aws-ec2-metadata-token'] !== 'token-1') res.statusCode = 401;
    else if (!notice.value) res.statusCode = 404;
    else {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(notice.value));
      return;
    }
    res.end();
    return;
  }
  res.statusCode = 400;
  res.end();
});
const endpoint = (): string => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('spot interruption notice', () => {
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
  });

  it('reads no notice (404), then the notice, with an IMDSv2 token', async () => {
    notice.value = undefined;
    expect(await readSpotNotice(endpoint())).toBeUndefined();
    notice.value = { action: 'terminate', time: '2026-12-08T02:40:00Z' };
    expect(await readSpotNotice(endpoint())).toEqual({
      action: 'terminate',
      time: '2026-12-08T02:40:00Z',
    });
  });

  it('watches until the notice comes, reports it once and stops asking', async () => {
    notice.value = undefined;
    const seen: SpotNotice[] = [];
    const stop = watchSpotNotice({
      endpoint: endpoint(),
      intervalMs: 20,
      onNotice: (n) => seen.push(n),
    });
    try {
      await sleep(100);
      expect(seen).toEqual([]);
      notice.value = { action: 'stop', time: '2026-12-08T02:41:00Z' };
      for (let i = 0; i < 250 && seen.length === 0; i++) await sleep(20);
      expect(seen).toEqual([{ action: 'stop', time: '2026-12-08T02:41:00Z' }]);
      const count = asked.length;
      await sleep(100);
      expect(asked.length).toBe(count);
    } finally {
      stop();
    }
  });

  it('an unreachable IMDS is logged and retried, never thrown', async () => {
    const lines: string[] = [];
    const seen: SpotNotice[] = [];
    const stop = watchSpotNotice({
      endpoint: 'http://127.0.0.1:1',
      intervalMs: 20,
      requestTimeoutMs: 200,
      onNotice: (n) => seen.push(n),
      log: (l) => lines.push(l),
    });
    for (let i = 0; i < 250 && lines.length === 0; i++) await sleep(20);
    stop();
    expect(lines[0]).toMatch(/spot notice: cannot ask IMDS .*retrying/);
    expect(seen).toEqual([]);
  });
});
