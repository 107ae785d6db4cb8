import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import { ConfigError, newDataKey, newJwtSecret } from '../config';

/** What the secrets file holds: the two secrets as they would be set in the environment. */
interface StoredSecrets {
  JWT_SECRET: string;
  DATA_KEY: string;
}

/**
 * Beside the embedded PostgreSQL data (`.data/secrets.json` by default): the secrets belong to the
 * data they seal, and the server and the CLI find them in the same place.
 */
export const secretsFileOf = (pgliteDataDir: string) =>
  path.join(path.dirname(pgliteDataDir), 'secrets.json');

function isStoredSecrets(value: unknown): value is StoredSecrets {
  if (typeof value !== 'object' || value === null) return false;
  const { JWT_SECRET: jwtSecret, DATA_KEY: dataKey } = value as Record<string, unknown>;
  return (
    typeof jwtSecret === 'string' &&
    jwtSecret.length >= 32 &&
    typeof dataKey === 'string' &&
    Buffer.from(dataKey, 'base64').length === 32
  );
}

function readSecrets(file: string): StoredSecrets {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError([`${file} cannot be read: ${(error as Error).message}`]);
  }
  if (!isStoredSecrets(parsed)) {
    throw new ConfigError([
      `${file} must hold JWT_SECRET (32 characters or more) and DATA_KEY (32 bytes, base64)`,
    ]);
  }
  // Only this user may read them; a copy made with looser permissions is tightened.
  if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
  return parsed;
}

/**
 * Writes a new pair without ever showing a half-written file: to a temporary file first, then
 * linked into place, which fails if another process (the CLI, a second server) got there first;
 * then that process's pair is the one used.
 */
function createSecrets(file: string): StoredSecrets {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const secrets: StoredSecrets = { JWT_SECRET: newJwtSecret(), DATA_KEY: newDataKey() };
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  try {
    fs.linkSync(temporary, file);
    return secrets;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readSecrets(file);
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

/**
 * The zero-setup server must not run on secrets anyone else has: what the environment leaves
 * unset (never in production, which requires both) is generated at the first start and kept in
 * the data directory (mode 0600), then reused, so tokens survive restarts and secrets sealed with
 * DATA_KEY stay readable by the server and the CLI alike.
 */
export function withInstallationSecrets(config: Config): Config {
  if (config.generatedSecrets.length === 0) return config;
  const file = secretsFileOf(config.pgliteDataDir);
  const stored = fs.existsSync(file) ? readSecrets(file) : createSecrets(file);
  const generated = new Set(config.generatedSecrets);
  return {
    ...config,
    jwtSecret: generated.has('JWT_SECRET') ? stored.JWT_SECRET : config.jwtSecret,
    dataKey: generated.has('DATA_KEY') ? Buffer.from(stored.DATA_KEY, 'base64') : config.dataKey,
    secretsFile: file,
  };
}
