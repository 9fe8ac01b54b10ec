import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { LoadTestResult } from '../../tests-runner/results/schema';
import { runCli, TESTBED } from '../support/cli';
import { nodeResult, latencies } from '../support/load-test-fixtures';

const dir = mkdtempSync(path.join(tmpdir(), 'load-test-cli-'));
const write = (name: string, text: string): string => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('testbed load-test', () => {
  it.each([
    [['load-test', 'run'], /required option '-c, --config <file>' not specified/],
    [
      ['load-test', 'run', '-c', 'x.yaml', '--concurrency', '0'],
      /--concurrency must be an integer from 1 to 10000/,
    ],
    [['load-test', 'run', '-c', 'x.yaml', '--duration', 'long'], /--duration must be a number/],
  ])('rejects %j with exit code 2', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('rejects a bad configuration with every problem, exit code 2 and no stack trace', async () => {
    const config = write('bad.yaml', 'target: noop\nkeys:\n  choice: zipf\n');
    const r = await runCli(['load-test', 'run', '-c', config, '--workloads', 'WRITE,NOPE']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: Invalid load-test configuration ${config}:`);
    expect(r.stderr).toContain(
      'command line (--workloads WRITE,NOPE): workloads.1: must be one of WRITE,',
    );
    expect(r.stderr).toContain(
      `${config}:3: keys.choice: must be one of sequential, uniform, zipfian (got "zipf")`,
    );
    expect(r.stderr).toMatch(/hint: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('runs the noop target, writes results and reports, prints JSON with --json', async () => {
    const config = write(
      'noop.yaml',
      'target: noop\nworkloads: [WRITE, BULK_READ]\nwarmupSeconds: 0.2\ndurationSeconds: 0.5\n',
    );
    const out = path.join(dir, 'run1');
    const r = await runCli([
      'load-test',
      'run',
      '-c',
      config,
      '--out',
      out,
      '--run-id',
      'cli-1',
      '--json',
    ]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as LoadTestResult;
    expect(result.runId).toBe('cli-1');
    expect(result.workloads.map((w) => w.name)).toEqual(['WRITE', 'BULK_READ']);
    expect(r.stderr).toMatch(/WRITE +write +[\d,]+/); // the summary, on stderr with --json
    for (const f of ['node-0.json', 'summary.json', 'summary.md', 'report.html'])
      expect(existsSync(path.join(out, f))).toBe(true);
  });

  it('Ctrl-C stops cleanly and still writes the partial results, marked interrupted', async () => {
    const config = write(
      'long.yaml',
      'target: noop\nworkloads: [WRITE, READ]\nwarmupSeconds: 0\ndurationSeconds: 600\n',
    );
    const out = path.join(dir, 'interrupted');
    const child = spawn(TESTBED, ['load-test', 'run', '-c', config, '--out', out], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    let interrupting = false;
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`no clean stop within 60 s\n${stderr}`));
      }, 60_000);
      child.stderr.on('data', (c: Buffer) => {
        stderr += c.toString();
        // Interrupt once the workload has run for a moment.
        if (!interrupting && /WRITE: started/.test(stderr)) {
          interrupting = true;
          setTimeout(() => child.kill('SIGINT'), 1500);
        }
      });
      child.on('close', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(code).toBe(130);
    expect(stderr).toContain('Interrupted: letting calls in flight settle');
    const result = JSON.parse(
      readFileSync(path.join(out, 'node-0.json'), 'utf8'),
    ) as LoadTestResult;
    expect(result.interrupted).toBe(true);
    expect(result.workloads.map((w) => [w.name, w.status])).toEqual([['WRITE', 'interrupted']]);
    expect(result.workloads[0]!.measured.operations.write!.calls).toBeGreaterThan(0);
    expect(result.workloads[0]!.measured.durationMs).toBeLessThan(60_000);
    expect(stdout).toContain('INTERRUPTED: partial results');
  });

  it('report merges node results into merged.json and the reports', async () => {
    const a = write(
      'node-0.json',
      JSON.stringify(
        nodeResult(0, [
          {
            name: 'WRITE',
            ops: {
              write: { latenciesNs: latencies(100, 1), startEpochSec: 10, callsPerSec: [50, 50] },
            },
          },
        ]),
      ),
    );
    const b = write(
      'node-1.json',
      JSON.stringify(
        nodeResult(1, [
          {
            name: 'WRITE',
            ops: {
              write: { latenciesNs: latencies(100, 2), startEpochSec: 10, callsPerSec: [50, 50] },
            },
          },
        ]),
      ),
    );
    const out = path.join(dir, 'merged');
    const r = await runCli(['load-test', 'report', a, b, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 nodes');
    const merged = JSON.parse(
      readFileSync(path.join(out, 'merged.json'), 'utf8'),
    ) as LoadTestResult;
    expect(merged.workloads[0]!.measured.operations.write!.calls).toBe(200);
    const again = await runCli(['load-test', 'report', a, a]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('Node 0 appears in both');
  });
});
