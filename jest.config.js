/** Jest: ts-jest without type-checking (npm test runs tsc first), one Temporal dev server and database per run. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  testTimeout: 120_000,
  slowTestThreshold: 30,
  // Outbound network is blocked in tests: every server a test talks to is started on 127.0.0.1 by the test itself.
  setupFiles: ['<rootDir>/test/support/block-outbound-network.ts'],
};
