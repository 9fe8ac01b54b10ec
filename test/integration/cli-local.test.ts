import { allocateLoopbackBlock, isPortFree, type LoopbackBlock } from '../../local';
import { runCli } from '../support/cli';
import { processesUnder, suiteDir } from '../support/services';

/**
 * `testbed local … start|status|stop` as a user runs them: services outlive the `start` command
 * and a later command finds and stops them.
 */
describe('testbed local (CLI)', () => {
  let block: LoopbackBlock;
  let env: NodeJS.ProcessEnv;
  const dir = suiteDir('cli-local');

  beforeAll(() => {
    block = allocateLoopbackBlock();
    env = { ...process.env, TESTBED_RUN_DIR: dir, TESTBED_LOOPBACK_BLOCK: String(block.block) };
  });
  afterAll(async () => {
    // Whatever a failed assertion left running is stopped here.
    for (const service of ['cassandra', 'ignite', 's3'])
      await runCli(['local', service, 'stop'], { env });
    block.release();
  });

  it('starts, reports and stops a Cassandra node that outlives the start command', async () => {
    const start = await runCli(['local', 'cassandra', 'start'], { env, timeoutMs: 240_000 });
    expect(start.stderr).not.toMatch(/\n\s+at /);
    expect(start.code).toBe(0);
    expect(start.stdout).toContain(`Cassandra running: ${block.address(1)}:9042`);
    expect(processesUnder(dir)).toHaveLength(1);

    const again = await runCli(['local', 'cassandra', 'start'], { env });
    expect(again.stdout).toContain('already running');

    const status = await runCli(['local', 'cassandra', 'status', '--json'], { env });
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ running: true, healthy: true });

    const stop = await runCli(['local', 'cassandra', 'stop'], { env, timeoutMs: 60_000 });
    expect(stop.code).toBe(0);
    expect(processesUnder(dir)).toHaveLength(0);
    expect(await isPortFree(block.address(1), 9042)).toBe(true);

    const after = await runCli(['local', 'cassandra', 'status'], { env });
    expect(after.code).toBe(1);
    expect(after.stdout).toContain('not running');
  });

  it('starts, reports and stops Ignite', async () => {
    const start = await runCli(['local', 'ignite', 'start'], { env, timeoutMs: 180_000 });
    expect(start.code).toBe(0);
    expect(start.stdout).toContain(`${block.address(1)}:10800`);
    const status = await runCli(['local', 'ignite', 'status'], { env });
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/running, pid \d+, sees 1 server/);
    expect((await runCli(['local', 'ignite', 'stop'], { env })).code).toBe(0);
    expect(processesUnder(dir)).toHaveLength(0);
  });

  it('starts, reports and stops the S3 server', async () => {
    const start = await runCli(['local', 's3', 'start', '--port', '9000'], { env });
    expect(start.code).toBe(0);
    expect(start.stdout).toContain(`http://${block.address(1)}:9000`);
    expect((await runCli(['local', 's3', 'status'], { env })).code).toBe(0);
    expect((await runCli(['local', 's3', 'stop'], { env })).code).toBe(0);
    expect(await isPortFree(block.address(1), 9000)).toBe(true);
  });
});
