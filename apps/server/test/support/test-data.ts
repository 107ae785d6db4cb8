import { randomInt } from 'node:crypto';
import { unique } from './test-context';

/**
 * Test data for the library and CLI tests: values random enough that parallel jest workers
 * sharing one database never collide on the unique mobile and email columns.
 */
export const uniqueMobile = (): string =>
  `1${randomInt(3, 10)}${randomInt(0, 1e9).toString().padStart(9, '0')}`;

export const uniqueEmail = (): string => `${unique('mail')}@example.com`;
