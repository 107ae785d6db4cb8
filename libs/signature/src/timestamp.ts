/**
 * The decimal text of a millisecond timestamp, as it appears in the header and the string to sign.
 *
 * A string is used verbatim (the document signs "the same decimal string as in the header"), so it
 * must already be decimal digits; a number must be a non-negative safe integer, because anything
 * else (1.5, 1e21, NaN) has no single decimal spelling both sides would agree on.
 */
export function formatTimestamp(timestamp: number | string): string {
  if (typeof timestamp === 'string') {
    if (/^[0-9]+$/.test(timestamp)) return timestamp;
  } else if (Number.isSafeInteger(timestamp) && timestamp >= 0) {
    return String(timestamp);
  }
  throw new TypeError(`timestamp must be decimal milliseconds, got ${String(timestamp)}`);
}
