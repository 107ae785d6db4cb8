import pino from 'pino';
import type { DestinationStream, Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Secrets that must never reach a log line, wherever they appear in a logged object: headers that
 * carry credentials, tokens, app secrets, WeChat session keys, verification codes and passwords.
 */
const secretKeys = [
  'authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'password',
  'secret',
  'appSecret',
  'apiSecret',
  'clientSecret',
  // Cloud SMS credentials (Tencent Cloud SecretKey, Alibaba Cloud AccessKey secret).
  'secretKey',
  'accessKeySecret',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'session_key',
  'sessionKey',
  'js_code',
  'code',
  'verify_code',
  'verifyCode',
  'phone_code',
  'encrypted_data',
  'iv',
];

export const redactPaths = [
  ...secretKeys.map((key) => `["${key}"]`),
  ...secretKeys.map((key) => `*["${key}"]`),
  ...secretKeys.map((key) => `*.*["${key}"]`),
  'req.headers.authorization',
  'req.headers.cookie',
];

export interface CreateLoggerOptions {
  level: string;
  /** Tests pass a stream to capture and search the output. */
  destination?: DestinationStream;
}

export function createLogger({ level, destination }: CreateLoggerOptions): Logger {
  return pino(
    {
      level,
      base: { service: 'wechat-bind' },
      redact: { paths: redactPaths, censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err },
    },
    // Standard output, written asynchronously: lines that are ready in one turn of the event loop
    // go out in one write instead of one system call each. pino flushes what is left on exit.
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
