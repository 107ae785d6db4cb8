import { Sequelize } from 'sequelize';
import type { Logger } from '../logger';
import { redactSql } from './redact-sql';

export interface CreateSequelizeOptions {
  url: string;
  poolMax: number;
  logger: Logger;
  /** How long a new connection may take to be made before it fails (default 5 s). */
  connectTimeoutMs?: number;
}

/**
 * Sequelize over `pg`. SQL is logged at debug level only, without bound values (they can carry
 * secrets) and with its string literals redacted (they carry mobiles, emails, names).
 * Identifiers are snake_case in the database and camelCase in code.
 */
export function createSequelize({
  url,
  poolMax,
  logger,
  connectTimeoutMs = 5_000,
}: CreateSequelizeOptions): Sequelize {
  return new Sequelize(url, {
    dialect: 'postgres',
    // Without debug logging, no logging hook at all: Sequelize builds the text it would log for
    // every statement whenever one is set, even one that throws it away.
    logging: logger.isLevelEnabled('debug')
      ? (sql) => logger.debug({ sql: redactSql(sql).slice(0, 500) }, 'sql')
      : false,
    pool: { max: poolMax, min: 0, idle: 10_000, acquire: 10_000 },
    define: { underscored: true, timestamps: true },
    dialectOptions: { application_name: 'wechat-bind', connectionTimeoutMillis: connectTimeoutMs },
  });
}

/** Answers when PostgreSQL does, or throws within `timeoutMs`. */
export async function pingDatabase(sequelize: Sequelize, timeoutMs = 2_000): Promise<void> {
  await withTimeout(sequelize.query('SELECT 1'), timeoutMs, 'PostgreSQL');
}

export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not answer in ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
