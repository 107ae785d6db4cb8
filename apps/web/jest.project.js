// The browser tests start the real server (src/test-support/browser-kit.ts), so they share the
// server's global setup: the same path, so jest runs it once for both projects.
const path = require('node:path');

const serverSupport = path.resolve(__dirname, '../server/test/support');

module.exports = {
  globalSetup: path.join(serverSupport, 'global-setup.ts'),
  globalTeardown: path.join(serverSupport, 'global-teardown.ts'),
  setupFilesAfterEnv: ['<rootDir>/src/test-support/jest-timeouts.ts'],
};
