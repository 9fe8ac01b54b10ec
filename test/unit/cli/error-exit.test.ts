/** The CLI's one mapping from errors (part, code) to exit codes and hints (bin/error-exit.ts). */
import { cliExitCode, cliHint, reportCliError, STORE_RULES } from '../../../bin/error-exit';
import { EXIT } from '../../../bin/exit-codes';
import { RegressionFoundError, CampaignSpecError } from '../../../campaigns/errors';
import { TestbedError, UsageError } from '../../../common/errors';
import { SidecarConfigError } from '../../../ignite/sidecar/config';
import { CloudBedError } from '../../../lib/errors';
import { NodeStartError } from '../../../services/jvm-service';
import {
  BulkOperationError,
  DataSource,
  DataSourceError,
  MappingError,
  SchemaError,
  SettingsError,
  StoreError,
  type StoreErrorCode,
} from '../../../store';
import { ConfigError } from '../../../tests-runner/config/load-config';

/** The error a function throws. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('nothing thrown');
}

describe('store errors: exit code and CLI hint by code', () => {
  it.each<[StoreErrorCode, number]>([
    ['SETTING_INVALID', EXIT.usage],
    ['TABLE_MISSING', EXIT.usage],
    ['NO_HOST', EXIT.failure],
    ['AUTH_FAILED', EXIT.failure],
    ['CONNECT_FAILED', EXIT.failure],
    ['DDL_FAILED', EXIT.failure],
    ['MAPPING_INVALID', EXIT.failure],
    ['BULK_INCOMPLETE', EXIT.failure],
    ['TRANSACTION_TOO_LARGE', EXIT.failure],
  ])('%s exits %i', (code, exit) => {
    expect(cliExitCode(new StoreError('x', { code }))).toBe(exit);
  });

  it('gives every store code a usage or a failure exit (the compiler checks that none is missing)', () => {
    for (const rule of Object.values(STORE_RULES)) expect([1, 2]).toContain(rule.exit);
  });

  it('TABLE_MISSING: the library says what to do in its terms, the CLI names the ddl command', () => {
    const error = new SchemaError('ks.t does not exist and automatic schema creation is off', {
      code: 'TABLE_MISSING',
      data: { keyspace: 'ks', table: 't' },
      hint: 'Create the keyspace and table from the same settings, or set schema: "auto".',
    });
    expect(error.hint).not.toMatch(/testbed/);
    expect(cliExitCode(error)).toBe(2);
    expect(cliHint(error)).toBe(
      'Create it with `testbed ddl <descriptor> --apply`, or set schema: "auto".',
    );
  });

  it('NO_HOST: the library hint, then how to start Cassandra locally', () => {
    const error = new DataSourceError('Cannot reach Cassandra at 127.0.0.1:9', {
      code: 'NO_HOST',
      data: { contactPoints: ['127.0.0.1:9'], hosts: { '127.0.0.1:9': 'ECONNREFUSED' } },
      hint: 'Is Cassandra running and listening there? Check localDataCenter, credentials and TLS too.',
    });
    expect(cliExitCode(error)).toBe(1);
    expect(cliHint(error)).toBe(
      'Is Cassandra running and listening there? Check localDataCenter, credentials and TLS too. Locally: `testbed local cassandra start`.',
    );
  });

  it('a bad data-source option is SETTING_INVALID with the setting as data, and a usage exit', () => {
    const error = thrown(
      () => new DataSource({ contactPoints: ['h'], readConsistency: 'MOST' as 'ONE' }),
    );
    expect(error).toBeInstanceOf(DataSourceError);
    expect(error).toMatchObject({
      code: 'SETTING_INVALID',
      data: { setting: 'readConsistency', value: 'MOST' },
    });
    expect(cliExitCode(error)).toBe(2);
  });

  it('a settings error carries where it is as data, and a usage exit', () => {
    const error = new SettingsError(
      'unknown strategy "X"',
      { file: 'a.xml', line: 3 },
      'Use BLOB.',
    );
    expect(error).toMatchObject({
      code: 'SETTING_INVALID',
      data: { file: 'a.xml', line: 3, problem: 'unknown strategy "X"' },
    });
    expect(cliExitCode(error)).toBe(2);
    expect(cliHint(error)).toBe('Use BLOB.');
  });

  it('a bulk failure is BULK_INCOMPLETE with counts by kind, and a failure exit', () => {
    const error = new BulkOperationError(
      'writeAll',
      [{ key: 1, error: new MappingError('bad'), kind: 'mapping', attempts: 1 }],
      3,
    );
    expect(error).toMatchObject({
      code: 'BULK_INCOMPLETE',
      data: { operation: 'writeAll', total: 3, failed: 1, failuresByKind: { mapping: 1 } },
    });
    expect(cliExitCode(error)).toBe(1);
  });
});

describe('the other parts', () => {
  it.each<[string, unknown, number]>([
    ['a usage error', new UsageError('bad --x'), EXIT.usage],
    ['a plain project error', new TestbedError('failed'), EXIT.failure],
    ['a bug', new Error('boom'), EXIT.failure],
    ['a thrown string', 'boom', EXIT.failure],
    ['a cloud spec error', new CloudBedError('spec', 'bad'), EXIT.usage],
    ['a cloud prop error', new CloudBedError('invalid-prop', 'bad'), EXIT.usage],
    ['an AWS failure', new CloudBedError('aws', 'denied'), EXIT.failure],
    ['leftover resources', new CloudBedError('leftovers', 'left'), EXIT.failure],
    [
      'a campaign spec error',
      new CampaignSpecError('bad', { file: 'c.yaml', line: 2 }),
      EXIT.usage,
    ],
    ['a confirmed regression', new RegressionFoundError('slower'), EXIT.regressionFound],
    ['a sidecar configuration error', new SidecarConfigError('bad'), EXIT.usage],
    [
      'a node that would not start',
      new NodeStartError('x', { code: 'NODE_START_FAILED' }),
      EXIT.failure,
    ],
  ])('%s', (_what, error, exit) => {
    expect(cliExitCode(error)).toBe(exit);
  });

  it('a bad load-test configuration: usage exit, and the CLI names the help command', () => {
    const error = new ConfigError(['keys.count: expected a number'], 'run.yaml');
    expect(error).toMatchObject({ code: 'CONFIG_INVALID', data: { file: 'run.yaml' } });
    expect(error.hint).not.toMatch(/testbed/);
    expect(cliExitCode(error)).toBe(2);
    expect(cliHint(error)).toMatch(/`testbed load-test run --help`/);
  });

  it('a node that would not start: the CLI names the doctor command', () => {
    const error = new NodeStartError('cassandra node 1 did not start', {
      code: 'NODE_START_FAILED',
      hint: 'Read the log lines above; check the JDK and that the ports are free.',
    });
    expect(cliHint(error)).toBe(
      'Read the log lines above; `testbed doctor` checks the JDK and the ports.',
    );
  });
});

describe('reportCliError', () => {
  let written: string;
  let spy: jest.SpyInstance;
  beforeEach(() => {
    written = '';
    spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      written += String(chunk);
      return true;
    });
  });
  afterEach(() => {
    spy.mockRestore();
  });

  it('prints the message and the CLI hint and returns the exit code', () => {
    const code = reportCliError(
      new SchemaError('ks.t does not exist and automatic schema creation is off', {
        code: 'TABLE_MISSING',
        hint: 'Create the keyspace and table from the same settings, or set schema: "auto".',
      }),
    );
    expect(code).toBe(2);
    expect(written).toBe(
      'error: ks.t does not exist and automatic schema creation is off\n' +
        'hint: Create it with `testbed ddl <descriptor> --apply`, or set schema: "auto".\n',
    );
  });

  it('prints a bug with its stack and exits 1', () => {
    expect(reportCliError(new Error('boom'))).toBe(1);
    expect(written).toMatch(
      /^internal error \(a bug; please report it with this output\):\nError: boom\n\s+at /,
    );
  });
});
