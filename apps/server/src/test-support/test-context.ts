import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { Sequelize } from 'sequelize';
import type { AppDeps } from '../app';
import { createApp } from '../app';
import type { Logger } from '../logger';
import { createLogger } from '../logger';
import type { Redis } from '../redis/create-redis';
import { createRedis } from '../redis/create-redis';
import { createSequelize } from '../store/database';
import type { Models } from '../store/models';
import { defineModels } from '../store/models';

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

/**
 * The store (the shared test database), Redis (the real one under a key prefix of its own when
 * REDIS_URL is set, else the in-process stand-in), a log stream the test can read, and the app.
 */
export async function createTestContext(): Promise<TestContext> {
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      logLines.push(String(chunk));
      callback();
    },
  });
  const logger = createLogger({ level: 'debug', destination });
  const sequelize = createSequelize({ url: process.env.DATABASE_URL!, poolMax: 5, logger });
  const models = defineModels(sequelize);
  const redis = await createRedis({
    url: process.env.REDIS_URL,
    keyPrefix: `test:${unique('redis')}:`,
  });
  const deps: AppDeps = {
    config: { bodyLimit: '100kb', trustProxy: false },
    logger,
    sequelize,
    models,
    redis,
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
