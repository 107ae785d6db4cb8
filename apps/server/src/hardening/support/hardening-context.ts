import { Writable } from 'node:stream';
import type Koa from 'koa';
import type { Sequelize } from 'sequelize';
import type { AppDeps } from '../../app';
import { createApp } from '../../app';
import { createSecretBox } from '../../libraries/secret-box';
import { createLogger } from '../../logger';
import type { Redis } from '../../redis/create-redis';
import { createRedis } from '../../redis/create-redis';
import type { UpstreamSettings } from '../../runtime/upstreams';
import { createSequelize } from '../../store/database';
import type { Models } from '../../store/models';
import { defineModels } from '../../store/models';
import { testConfig, unique } from '../../test-support/test-context';

export interface HardeningContext {
  deps: AppDeps;
  app: Koa;
  sequelize: Sequelize;
  models: Models;
  redis: Redis;
  /** Every log line written so far. */
  logLines: string[];
  close(): Promise<void>;
}

export interface HardeningContextOptions {
  /** The database to use (a private one, or a proxy in front of it); default: the shared test database. */
  databaseUrl?: string;
  /** A Redis URL (a redis-server the test runs); default: the test Redis, or the stand-in. */
  redisUrl?: string;
  config?: Record<string, string>;
  upstreams?: Partial<UpstreamSettings>;
}

/**
 * Like test-support's createTestContext, but on the database and Redis the test chooses: the
 * fault tests put a proxy or a redis-server of their own between the app and its store.
 */
export async function createHardeningContext(
  options: HardeningContextOptions = {},
): Promise<HardeningContext> {
  const logLines: string[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk, _encoding, callback) {
        logLines.push(String(chunk));
        callback();
      },
    }),
  });
  const sequelize = createSequelize({
    url: options.databaseUrl ?? process.env.DATABASE_URL!,
    poolMax: 5,
    logger,
  });
  const models = defineModels(sequelize);
  const redis = await createRedis({
    url: options.redisUrl ?? process.env.REDIS_URL,
    keyPrefix: `test:${unique('hardening')}:`,
  });
  const config = testConfig(options.config);
  const deps: AppDeps = {
    config,
    logger,
    sequelize,
    models,
    redis,
    upstreams: {
      // Nothing listens on port 9: a test that needs an upstream gives one.
      wechatApiBase: 'http://127.0.0.1:9',
      dingtalkApiBase: 'http://127.0.0.1:9',
      wechatConnectBase: 'http://127.0.0.1:9',
      dingtalkLoginBase: 'http://127.0.0.1:9',
      miniprogramApps: [],
      ...options.upstreams,
    },
    secretBox: createSecretBox(config.dataKey),
  };
  return {
    deps,
    app: createApp(deps),
    sequelize,
    models,
    redis,
    logLines,
    async close() {
      await sequelize.close();
      redis.disconnect();
    },
  };
}
