/**
 * `@wechat-bind/server/testing`: what the other packages' tests and the bench use of the server,
 * so that none of them reaches into its folders by path. The test context and the kits stand the
 * real app up against the sandbox; the store's own functions seed data the way the server writes it.
 */
export { default as globalSetup } from './global-setup';
export { default as globalTeardown } from './global-teardown';
export type { TestContext, TestContextOptions } from './test-context';
export { createTestContext, isEmbeddedDatabase, testConfig, unique } from './test-context';
export type { SmsWebhook } from './mini-program-kit';
export { startSmsWebhook } from './mini-program-kit';
export { uniqueMobile } from './test-data';

// The store and the credentials, for seeding as the server itself writes them.
export { createLogger } from '../../src/logger';
export { createSequelize } from '../../src/store/database';
export { startEmbeddedPostgres } from '../../src/store/embedded-postgres';
export { createMigrator } from '../../src/store/migrator';
export type { Models } from '../../src/store/models';
export { defineModels } from '../../src/store/models';
export type { SecretBox } from '../../src/libraries/secret-box';
export { createSecretBox } from '../../src/libraries/secret-box';
export { createUser } from '../../src/libraries/users';
export { issueApiKey } from '../../src/libraries/api-keys';
export { createClientAppKey } from '../../src/libraries/client-app-keys';
export {
  issuePersonalAccessToken,
  revokePersonalAccessToken,
} from '../../src/libraries/personal-access-tokens';
export type { Upstreams } from '../../src/runtime/upstreams';
export { resolveUpstreams } from '../../src/runtime/upstreams';
export { stateKey } from '../../src/libraries/oauth-binding/state-nonces';

// What a client's tests need to know how the server words each refusal.
export type { RenderedDialectError } from './render-dialect-error';
export { renderDialectError } from './render-dialect-error';
export { httpErrors } from '../../src/errors/request-error';
export type { OAuthBindingFailure } from '../../src/libraries/oauth-binding';
export { OAuthBindingError } from '../../src/libraries/oauth-binding';
export { unauthenticated as administratorUnauthenticated } from '../../src/dialects/oauth-binding/errors';
export type { WebSessionFailure } from '../../src/libraries/web-sessions';
export { WebSessionError } from '../../src/libraries/web-sessions';

// The hot endpoints' statements, for the bench's EXPLAIN at each data set size.
export type { ExplainedStatement, HotStatement } from './hot-statements';
export { explainHotStatements, HOT_STATEMENTS } from './hot-statements';
