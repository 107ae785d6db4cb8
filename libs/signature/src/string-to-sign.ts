import { formatTimestamp } from './timestamp';

export interface StringToSignInput {
  /** HTTP method; upper-cased here, so `put` and `PUT` sign alike. */
  method: string;
  /** Path and query exactly as on the request line (Koa: `ctx.originalUrl`), e.g. `/api/my/user?x=1`. */
  target: string;
  /** Milliseconds since the epoch, as a number or the decimal string sent in the header. */
  timestamp: number | string;
  /** The raw request body as sent, read as UTF-8; undefined or '' when there is none. */
  body?: string | undefined;
}

/**
 * METHOD, REQUEST-TARGET, TIMESTAMP and BODY joined by LF with no trailing newline
 * (signature.md, "String to sign"). Covering method and target stops a signature made for one
 * endpoint being replayed against another; covering the body stops it being reused with new data.
 */
export function stringToSign({ method, target, timestamp, body }: StringToSignInput): string {
  return [method.toUpperCase(), target, formatTimestamp(timestamp), body ?? ''].join('\n');
}
