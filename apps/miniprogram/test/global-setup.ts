import { globalSetup } from '@wechat-bind/server/testing';

/**
 * The end-to-end test runs the real server in-process, on the same test database as the
 * server's own tests: the real PostgreSQL when DATABASE_URL is set, else the embedded PGlite the
 * server's setup starts (it cannot start inside a jest worker). When the server project runs in
 * the same jest invocation, whichever setup comes second finds DATABASE_URL set and only migrates.
 */
export default globalSetup;
