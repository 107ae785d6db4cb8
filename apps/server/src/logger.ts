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

/** How much text collects before it is handed to the writer. */
const BATCH_CHARS = 4096;

/**
 * Standard output in batches: lines collect until there are 4 KB of them or LOG_FLUSH_INTERVAL_MS
 * has passed, then go out in one write (one write per line cost about 15 µs a request). The write
 * is asynchronous (pino's destination, sonic-boom): in a container standard output is a pipe, and
 * a synchronous write to a pipe whose reader has stalled would stop every request until it
 * drained. A synchronous one measured about 1 µs a line cheaper, not worth that. Every logger of
 * the process shares the one batch, so lines keep their order, and what is left is handed over
 * before pino writes it out at exit.
 *
 * The lines wait in an array, joined once per batch. Left to sonic-boom, each line would be
 * appended to one string whose UTF-8 length it measures on every write, which flattens that
 * string: every line would copy the batch before it (up to 16 KB while a write is in flight).
 */
let stdout: DestinationStream | undefined;
function bufferedStdout(): DestinationStream {
  if (stdout) return stdout;
  const writer = pino.destination({ dest: 1, sync: false, minLength: 0 });
  let lines: string[] = [];
  let chars = 0;
  let timer: NodeJS.Timeout | undefined;
  const handOver = () => {
    clearTimeout(timer);
    timer = undefined;
    if (lines.length === 0) return;
    const batch = lines.join('');
    lines = [];
    chars = 0;
    writer.write(batch);
  };
  // Before pino's own handlers, which write out what the writer holds.
  process.prependListener('beforeExit', handOver);
  process.prependListener('exit', handOver);
  stdout = {
    write(line: string) {
      lines.push(line);
      chars += line.length;
      if (chars >= BATCH_CHARS) handOver();
      else timer ??= setTimeout(handOver, LOG_FLUSH_INTERVAL_MS).unref();
    },
  };
  return stdout;
}
