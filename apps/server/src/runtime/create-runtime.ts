import type { Sequelize } from 'sequelize';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Redis } from '../redis/create-redis';
import { createRedis, redactUrl } from '../redis/create-redis';
import { describeRedisTopology } from '../redis/redis-settings';
import { createSequelize } from '../store/database';
import { nameStatementsUnlessEmbedded } from '../store/statement-names';
import { createMigrator } from '../store/migrator';
import type { Models } from '../store/models';
import { defineModels } from '../store/models';
import type { DatabaseMode } from '../store/open-database';
import { openDatabase } from '../store/open-database';
import type { SecretBox } from '../libraries/secret-box';
import { createSecretBox } from '../libraries/secret-box';
import type { Upstreams } from './upstreams';
import { resolveUpstreams } from './upstreams';

/** The store and cache, opened from the configuration, with one close() for all of it. */
export interface Runtime {
  config: Config;
  logger: Logger;
  sequelize: Sequelize;
  models: Models;
  redis: Redis;
  databaseMode: DatabaseMode;
  secretBox: SecretBox;
  /** The server's outside services; the CLI does without. */
  upstreams?: Upstreams;
  /** Human-readable lines saying which parts are embedded and which are real. */
  describe(): string[];
  close(): Promise<void>;
}

export interface CreateRuntimeOptions {
  config: Config;
  logger: Logger;
  /** The server refuses to share embedded data files with another process; the CLI joins it. */
  role: 'server' | 'cli';
  migrate: boolean;
}

function describeUpstreams(upstreams: Upstreams | undefined): string[] {
  if (!upstreams) return [];
  if (upstreams.sandboxUrl) {
    return [
      `WeChat and DingTalk: sandbox at ${upstreams.sandboxUrl} (control API: ${upstreams.sandboxUrl}/__control)`,
      `  mini-program app: ${upstreams.miniprogramApps.map((app) => app.appId).join(', ')}`,
    ];
  }
  return [`WeChat: ${upstreams.wechatApiBase}`, `DingTalk: ${upstreams.dingtalkApiBase}`];
}

function describeGeneratedSecrets(config: Config): string[] {
  if (config.generatedSecrets.length === 0) return [];
  const names = config.generatedSecrets.join(', ');
  return [
    config.secretsFile
      ? `Secrets: ${names} generated for this installation, kept in ${config.secretsFile}`
      : `Secrets: ${names} random for this process only`,
  ];
}

export async function createRuntime({
  config,
  logger,
  role,
  migrate,
}: CreateRuntimeOptions): Promise<Runtime> {
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const closer of closers.reverse()) {
      await closer().catch((error) => logger.error({ err: error }, 'error while closing'));
    }
  };
  try {
    const database = await openDatabase({
      databaseUrl: config.databaseUrl,
      pgliteDataDir: config.pgliteDataDir,
      logger,
      whenEmbeddedInUse: role === 'server' ? 'fail' : 'share',
    });
    closers.push(() => database.close());

    const sequelize = createSequelize({
      url: database.url,
      poolMax: config.databasePoolMax,
      logger,
    });
    closers.push(() => sequelize.close());
    await sequelize.authenticate();
    if (config.databasePreparedStatements) {
      const named = await nameStatementsUnlessEmbedded(sequelize);
      logger.info({ named }, 'hot statements as named prepared statements');
    }
    if (migrate) {
      await createMigrator(sequelize, logger).up();
    }

    const redis = await createRedis({
      topology: config.redisTopology,
      keyPrefix: config.redisKeyPrefix,
    });
    closers.push(async () => {
      await redis.quit().catch(() => redis.disconnect());
    });

    const upstreams = role === 'server' ? await resolveUpstreams(config, logger) : undefined;
    if (upstreams) closers.push(() => upstreams.close());

    return {
      config,
      logger,
      sequelize,
      models: defineModels(sequelize),
      redis,
      databaseMode: database.mode,
      upstreams,
      secretBox: createSecretBox(config.dataKey),
      describe: () => [
        database.mode === 'real'
          ? `PostgreSQL: real (${redactUrl(database.url)})`
          : `PostgreSQL: embedded PGlite, data in ${config.pgliteDataDir}` +
            (database.mode === 'embedded-shared' ? ' (through the running server)' : ''),
        describeRedisTopology(config.redisTopology),
        ...describeUpstreams(upstreams),
        ...describeGeneratedSecrets(config),
      ],
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
