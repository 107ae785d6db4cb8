import pino from 'pino';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { createLogger } from '../logger';
import { loadSettingsOrExit } from '../runtime/load-settings';

/**
 * What both CLI entry points do first: read the repository's `.env` (as the server does), load
 * and validate the configuration, and make a quiet logger. A bad setting ends the process here
 * with the configuration's own message and EX_CONFIG, as the server does.
 */
export function bootstrapCli(): { config: Config; logger: Logger } {
  const config: Config = loadSettingsOrExit();
  // Warnings only, unless LOG_LEVEL asks for more; and on stderr, so stdout carries only results.
  const logger = createLogger({
    level: process.env.LOG_LEVEL ? config.logLevel : 'warn',
    destination: pino.destination(2),
  });
  return { config, logger };
}
