import { randomBytes, randomInt } from 'node:crypto';
import { unique } from './test-context';

/**
 * Test data for the library and CLI tests: values random enough that parallel jest workers
 * sharing one database never collide on the unique mobile and email columns.
 */
export const uniqueMobile = (): string =>
  `1${randomInt(3, 10)}${randomInt(0, 1e9).toString().padStart(9, '0')}`;

export const uniqueEmail = (): string => `${unique('mail')}@example.com`;

/** A mini-program app in WeChat's shape (`wx` and 16 hex digits), with an AppSecret like WeChat's. */
export const uniqueMiniProgramApp = (): { appId: string; secret: string } => ({
  appId: `wx${randomBytes(8).toString('hex')}`,
  secret: randomBytes(16).toString('hex'),
});
