import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import type { Config } from '../config';
import { ConfigError, loadConfig } from '../config';
import type { Logger } from '../logger';
import { createLogger } from '../logger';

/**
 * What both CLI entry points do first: read the repository's `.env` (as the server does), load
 * and validate the configuration, and make a quiet logger. A bad setting ends the process here
 * with the configuration's own message and EX_CONFIG, as the server does.
 */
export function bootstrapCli(): { config: Config; logger: Logger } {
  const dotEnv = path.resolve(__dirname, '../../../../.env');
  if (fs.existsSync(dotEnv)) process.loadEnvFile(dotEnv);
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  // Warnings only, unless LOG_LEVEL asks for more; and on stderr, so stdout carries only results.
  const logger = createLogger({
    level: process.env.LOG_LEVEL ? config.logLevel : 'warn',
    destination: pino.destination(2),
  });
  return { config, logger };
}
