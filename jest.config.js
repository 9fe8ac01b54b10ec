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

// ts-jest in transpile-only mode (types are checked by `npm run typecheck`). No native transformer:
// the npm mirror CI installs from lacks some platform binaries of @swc/core, which breaks `npm ci`.
const transform = {
  '^.+\\.ts$': [
    'ts-jest',
    {
      tsconfig: {
        isolatedModules: true,
        module: 'commonjs',
        moduleResolution: 'node10',
        target: 'es2022',
        esModuleInterop: true,
        sourceMap: true,
        experimentalDecorators: false,
      },
    },
  ],
};

/** Settings every project shares; tests read their project's name to place their service directories. */
function project(name) {
  return {
    displayName: name,
    transform,
    testEnvironment: 'node',
    moduleFileExtensions: ['ts', 'js', 'json'],
    globals: { __TESTBED_PROJECT__: name },
  };
}

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 120_000,
  projects: [
    { ...project('unit'), testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...project('integration'),
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/setup/integration-setup.ts',
      globalTeardown: '<rootDir>/test/setup/integration-teardown.ts',
    },
    {
      ...project('cluster'),
      testMatch: ['<rootDir>/test/cluster/**/*.test.ts'],
      globalTeardown: '<rootDir>/test/setup/orphan-check.ts',
    },
  ],
};
