// Page tests render with miniprogram-simulate, which needs a DOM: jsdom by default; service and
// end-to-end tests ask for node in a docblock. The end-to-end test runs the server in-process on
// the shared test database, so this project reuses the server's database setup.
module.exports = {
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/miniprogram/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 30000,
};
