// @ts-check
/**
 * Three projects:
 * - unit: pure logic, no services (also `npm run test:unit`);
 * - integration: real Cassandra 5 and Ignite 2, one node each, started once per run by the global setup;
 * - cluster: suites that start their own multi-node clusters (fault tests).
 */
// One id per Jest run: every suite keeps its services under .run/tests/<id>/, and the teardown's
// orphan check looks there only (a concurrent run in the same checkout is not disturbed).
process.env.TESTBED_TEST_RUN_ID ??= `${Date.now()}-${process.pid}`;

const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        target: 'es2022',
        transform: { decoratorVersion: '2022-03' },
      },
      module: { type: 'commonjs' },
    },
  ],
};

const common = {
  transform,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
};

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 120_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/setup/integration-setup.ts',
      globalTeardown: '<rootDir>/test/setup/integration-teardown.ts',
    },
    {
      ...common,
      displayName: 'cluster',
      testMatch: ['<rootDir>/test/cluster/**/*.test.ts'],
      globalTeardown: '<rootDir>/test/setup/orphan-check.ts',
    },
  ],
};
