// Browser tests start Chromium and go through the sandbox's consent pages: seconds, not
// milliseconds. (testTimeout is a global jest option, so each project sets its own here.)
jest.setTimeout(60_000);
