import { createSocket } from 'node:dgram';

import { GmetricSender, renderGraphsHtml, sidecarPoll, startPoller } from '../../../monitoring';

describe('sidecar collector', () => {
  it('turns the health counters into rates by kind, in-flight, errors and retries', async () => {
    let t = 0;
    const reports = [
      { inFlight: 3, requests: { WRITE_ALL: 10, LOAD: 4 }, errors: 1, retries: 0 },
      { inFlight: 5, requests: { WRITE_ALL: 30, LOAD: 4 }, errors: 1, retries: 2 },
    ];
    const poll = sidecarPoll(() => Promise.resolve(reports[t++]!));
    await poll();
    await new Promise((r) => setTimeout(r, 200));
    const m = new Map((await poll()).map((x) => [x.name, x.value as number]));
    expect(m.get('sidecar.calls_per_sec.write_all')).toBeGreaterThan(0);
    expect(m.get('sidecar.calls_per_sec.load')).toBe(0);
    expect(m.get('sidecar.in_flight')).toBe(5);
    expect(m.get('sidecar.errors_per_sec')).toBe(0);
    expect(m.get('sidecar.retries_per_sec')).toBeGreaterThan(0);
  });
});

describe('poller', () => {
  it('keeps polling after failures and abandons polls that hang', async () => {
    const server = createSocket('udp4');
    await new Promise<void>((r) => server.bind(0, '127.0.0.1', r));
    const sender = new GmetricSender({
      targets: [{ address: '127.0.0.1', port: server.address().port }],
      host: { name: 'h' },
    });
    let n = 0;
    const log: string[] = [];
    const poller = startPoller({
      name: 'test source',
      sender,
      intervalMs: 20,
      timeoutMs: 50,
      log: (l) => log.push(l),
      poll: () => {
        n++;
        if (n === 2) return Promise.reject(new Error('boom'));
        if (n === 3) return new Promise(() => undefined); // hangs
        return Promise.resolve([{ name: 'm', value: n, type: 'uint32', units: '', group: 'g' }]);
      },
    });
    const deadline = Date.now() + 5_000;
    while (poller.stats.polls < 5 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    await poller.stop();
    sender.close();
    server.close();
    expect(poller.stats.failures).toBe(2);
    expect(log[0]).toMatch(/test source: poll failed \(boom\)/);
    expect(log).toContain('test source: polling works again');
  });
});

describe('report section', () => {
  it('links saved graphs relatively and names the missing ones with their reason', () => {
    const html = renderGraphsHtml(
      {
        version: 1,
        window: { startSec: 1, endSec: 2 },
        views: [{ name: 'loadtest', url: 'http://10.0.0.9/ganglia/?tab=v&vn=loadtest' }],
        graphs: [
          { id: 'a', title: 'A <b>', png: 'a.png', json: 'a.json', csv: 'a.csv', points: 3 },
        ],
        missing: [{ id: 'b', title: 'B', reason: 'no data point in the window' }],
      },
      'ganglia',
    );
    expect(html).toContain('<img src="ganglia/a.png" alt="A &lt;b&gt;">');
    expect(html).toContain('<li>B: no data point in the window</li>');
    expect(html).toContain('tab=v&amp;vn=loadtest');
  });
});
