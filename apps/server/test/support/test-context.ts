import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { Sequelize } from 'sequelize';
import type { AppDeps } from '../../src/app-context';
import { createApp } from '../../src/app';
import type { Config } from '../../src/config';
import { loadConfig } from '../../src/config';
import { createSecretBox } from '../../src/libraries/secret-box';
import { seedAppsAtStart } from '../../src/runtime/seed-apps-at-start';
import type { UpstreamSettings } from '../../src/runtime/upstreams';
import type { Logger } from '../../src/logger';
import { createLogger } from '../../src/logger';
import type { Redis } from '../../src/redis/create-redis';
import { createRedis } from '../../src/redis/create-redis';
import type { RedisTopology } from '../../src/redis/redis-settings';
import { createSequelize } from '../../src/store/database';
import { nameStatementsUnlessEmbedded } from '../../src/store/statement-names';
import type { Models } from '../../src/store/models';
import { defineModels } from '../../src/store/models';

export interface TestContext {
  sequelize: Sequelize;
  models: Models;
  redis: Redis;
  logger: Logger;
  /** Every log line written so far, for tests that search the log stream. */
  logLines: string[];
  deps: AppDeps;
  app: ReturnType<typeof createApp>;
  close(): Promise<void>;
}

/** A random suffix for test data, so parallel workers sharing one database never collide. */
export const unique = (prefix = 't') => `${prefix}-${randomBytes(6).toString('hex')}`;

export const isEmbeddedDatabase = () => process.env.TEST_DATABASE_EMBEDDED === '1';

/** Settings for tests: the test environment, test secrets, and whatever a test overrides. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'debug',
    JWT_SECRET: 'test-jwt-secret-that-is-at-least-32-characters',
    DATA_KEY: Buffer.alloc(32, 42).toString('base64'),
    ...overrides,
  });
}

export interface TestContextOptions {
  /** A database of the test's own (or a proxy in front of one); default: the shared test database. */
  databaseUrl?: string;
  /** A Redis of the test's own (a redis-server it runs); default: REDIS_URL, or the stand-in. */
  redisUrl?: string;
  /** A Redis Cluster or Sentinel setup of the test's own (test-support/redis-topologies.ts). */
  redisTopology?: RedisTopology;
  /** Environment-style settings on top of testConfig's. */
  config?: Record<string, string>;
  /** Where WeChat and DingTalk are: usually a sandbox the test started. */
  upstreams?: Partial<UpstreamSettings>;
}

const unreachableUpstreams: UpstreamSettings = {
  // Nothing listens on port 9: a test that forgets to give its sandbox fails fast, not slowly.
  wechatApiBase: 'http://127.0.0.1:9',
  dingtalkApiBase: 'http://127.0.0.1:9',
  wechatConnectBase: 'http://127.0.0.1:9',
  dingtalkLoginBase: 'http://127.0.0.1:9',
  wecomApiBase: 'http://127.0.0.1:9',
  wecomLoginBase: 'http://127.0.0.1:9',
  miniprogramApps: [],
};

/**
 * The store (the shared test database), Redis (the real one under a key prefix of its own when
 * REDIS_URL is set, else the in-process stand-in), a log stream the test can read, and the app.
 */
export async function createTestContext(options: TestContextOptions = {}): Promise<TestContext> {
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      logLines.push(String(chunk));
      callback();
    },
  });
  const logger = createLogger({ level: 'debug', destination });
  const sequelize = createSequelize({
    url: options.databaseUrl ?? process.env.DATABASE_URL!,
    poolMax: 5,
    logger,
    // The suite's workers share two cores with PostgreSQL and the servers other suites start, and
    // there a new connection to the shared test database has taken more than the server's 5 s to
    // be made: a healthy database failed a test. A database of the test's own (a proxy it may
    // stop, say) keeps the server's limit, so an outage still fails as fast as it does in service.
    connectTimeoutMs: options.databaseUrl === undefined ? 20_000 : undefined,
  });
  const config = testConfig(options.config);
  // As the server does at start.
  if (config.databasePreparedStatements) await nameStatementsUnlessEmbedded(sequelize);
  const models = defineModels(sequelize);
  const redis = await createRedis({
    url: options.redisUrl ?? process.env.REDIS_URL,
    topology: options.redisTopology,
    keyPrefix: `test:${unique('redis')}:`,
  });
  const secretBox = createSecretBox(config.dataKey);
  const upstreams = { ...unreachableUpstreams, ...options.upstreams };
  // As the server does before it listens: the configured mini-programs are read from the store.
  if (upstreams.miniprogramApps.length > 0) {
    await seedAppsAtStart({ models, secretBox, apps: upstreams.miniprogramApps, logger });
  }
  const deps: AppDeps = {
    config,
    logger,
    sequelize,
    models,
    redis,
    upstreams,
    secretBox,
  };
  return {
    sequelize,
    models,
    redis,
    logger,
    logLines,
    deps,
    app: createApp(deps),
    async close() {
      await sequelize.close();
      redis.disconnect();
    },
  };
}

/**
 * The SQL log's lines (debug level) from now on: every statement, whether it went through
 * Sequelize or straight to a pooled client, so tests count statements here, not with spies.
 */
export function watchSql(context: Pick<TestContext, 'logLines'>): () => string[] {
  const from = context.logLines.length;
  return () => context.logLines.slice(from).filter((line) => line.includes('"msg":"sql"'));
}
