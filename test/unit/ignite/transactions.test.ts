import { DataSource } from '../../../store';
import {
  OverloadedError,
  TransactionError,
  TransactionRegistry,
} from '../../../ignite/sidecar/transactions';

/** The registry's bookkeeping (no commit here: committing is covered against real Cassandra). */
describe('TransactionRegistry', () => {
  const ds = new DataSource({ contactPoints: ['127.0.0.1'] });
  const logged: string[] = [];
  let registry: TransactionRegistry;

  beforeEach(() => {
    logged.length = 0;
    registry = new TransactionRegistry(ds, {
      maxOpen: 2,
      timeoutMs: 60_000,
      log: (l) => logged.push(l),
    });
  });
  afterEach(() => {
    registry.close();
  });

  it('opens one transaction per xid and bounds how many are open', () => {
    expect(registry.forWrite('a')).toBe(registry.forWrite('a'));
    registry.forWrite('b');
    expect(() => registry.forWrite('c')).toThrow(OverloadedError);
    expect(registry.size).toBe(2);
  });

  it('refuses writes after a failure and after the end', async () => {
    registry.forWrite('a');
    registry.fail('a', 'key (int): expected an integer');
    expect(() => registry.forWrite('a')).toThrow(/rollback-only: key \(int\)/);
    await expect(registry.end('a', true, 0)).rejects.toThrow(TransactionError);
    expect(() => registry.forWrite('a')).toThrow(/transaction a already rolled back/);
  });

  it('ends unknown transactions only when nothing was sent', async () => {
    expect(await registry.end('never', true, 0)).toBe(0);
    expect(await registry.end('never', false, 3)).toBe(0);
    await expect(registry.end('lost', true, 3)).rejects.toThrow(
      /sent 3 mutations but the sidecar holds none/,
    );
  });

  it('discards transactions that outlive the timeout, and says so', () => {
    registry.forWrite('old');
    registry.expire(Date.now() + 60_001);
    expect(registry.size).toBe(0);
    expect(logged[0]).toMatch(/transaction old expired after 60000 ms/);
    expect(() => registry.forWrite('old')).toThrow(/already expired/);
  });

  it('discards every open transaction on shutdown', () => {
    registry.forWrite('a');
    registry.forWrite('b');
    expect(registry.abortAll('stopping')).toBe(2);
    expect(() => registry.forWrite('a')).toThrow(/discarded \(stopping\)/);
  });
});
