import { randomBytes, randomUUID } from 'node:crypto';

// Identifiers shaped like WeChat's and DingTalk's, so code that logs, stores or validates them
// (column widths, base64url checks, prefixes) meets realistic values and not "user1".

function base64url(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

/** 28 characters, as WeChat openids are (they start with "o"). */
export function newOpenid(): string {
  return `o${base64url(20)}`;
}

/** 28 characters, as WeChat unionids are. */
export function newUnionid(): string {
  return `o${base64url(20)}`;
}

/** A one-time code: js_code, OAuth code, phone code or DingTalk authCode. */
export function newCode(): string {
  return randomBytes(16).toString('hex');
}

/** An opaque access or refresh token. */
export function newToken(): string {
  return base64url(48);
}

/** DingTalk ids are opaque strings; "iEx…"-style values are typical, length is what matters. */
export function newDingtalkId(): string {
  return base64url(24);
}

/** WeChat's errmsg suffix looks like "rid: 652d44d0-1d0af18b-5b069232". */
export function newRid(): string {
  return [4, 4, 4].map((bytes) => randomBytes(bytes).toString('hex')).join('-');
}

/** DingTalk's requestid is an upper-case UUID. */
export function newRequestId(): string {
  return randomUUID().toUpperCase();
}
