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
    destination ?? bufferedStdout(),
  );
}

/** The longest a log line waits in the buffer before it is written. */
export const LOG_FLUSH_INTERVAL_MS = 100;

/**
 * Standard output, written asynchronously and in batches: lines collect until there are 4 KB of
 * them or LOG_FLUSH_INTERVAL_MS has passed, then go out in one write. Under load one write per line
 * cost the event loop about 15 µs a request (an fs request each, through libuv's thread pool);
 * batched, it is a write per twenty lines or so. pino flushes what is left when the process exits.
 */
function bufferedStdout(): DestinationStream {
  const stream = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  const timer = setInterval(() => {
    try {
      stream.flush();
    } catch {
      // Ended by pino at exit: nothing more will be written.
      clearInterval(timer);
    }
  }, LOG_FLUSH_INTERVAL_MS).unref();
  return stream;
}
