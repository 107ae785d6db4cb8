// The server's tests share one database: the real PostgreSQL when DATABASE_URL is set, else an
// embedded PGlite that globalSetup starts and migrates once for every worker.
module.exports = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};
