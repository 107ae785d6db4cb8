import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import { ConfigError, loadConfig } from '../config';
import { withInstallationSecrets } from './installation-secrets';

/** The repository root's `.env`, the same file whichever entry point (server, CLI) reads it. */
const dotEnvFile = path.resolve(__dirname, '../../../../.env');

/**
 * What every entry point does first: fill in unset variables from `.env` (the environment wins),
 * then read and validate the settings, and fill in the installation's own secrets where none are
 * set. A bad setting ends the process here with one line per problem and EX_CONFIG (78).
 */
export function loadSettingsOrExit(): Config {
  if (fs.existsSync(dotEnvFile)) process.loadEnvFile(dotEnvFile);
  try {
    return withInstallationSecrets(loadConfig());
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
}
