import { SIGNATURE_WINDOW_MS } from './constants';
import { parseAuthorization, type ParsedAuthorization } from './parse-authorization';
import { signRequest } from './sign-request';
import { VECTOR } from './test-vector.fixture';
import { verifyRequest } from './verify-request';

const SIGNED_AT = Number(VECTOR.timestamp);
const MINUTE = 60 * 1000;

function parse(header: string): ParsedAuthorization {
  const parsed = parseAuthorization(header);
  if (parsed === null) throw new Error(`unparseable header in test: ${header}`);
  return parsed;
}

/** The test-vector request as the server would receive it, checked at `now`. */
function verifyVector(overrides: Partial<Parameters<typeof verifyRequest>[0]> = {}) {
  return verifyRequest({
    parsed: parse(VECTOR.header),
    apiSecret: VECTOR.apiSecret,
    method: VECTOR.method,
    target: VECTOR.target,
    body: VECTOR.body,
    now: SIGNED_AT,
    ...overrides,
  });
}

const OK = { ok: true };
const SKEW = { ok: false, reason: 'timestamp_skew' };
const BAD = { ok: false, reason: 'bad_signature' };

describe('verifyRequest', () => {
  it('accepts the test-vector header whose signature openssl computed', () => {
    expect(verifyVector()).toEqual(OK);
  });

  it('accepts what signRequest produced, checked against the real clock by default', () => {
    const request = { method: 'GET', target: '/api/my/user', body: undefined };
    const { apiKey, apiSecret } = VECTOR;
    const header = signRequest({ apiKey, apiSecret, ...request, timestamp: Date.now() });
    expect(
      verifyRequest({ parsed: parse(header), apiSecret: VECTOR.apiSecret, ...request }),
    ).toEqual(OK);
  });

  it('exports a five-minute window', () => {
    expect(SIGNATURE_WINDOW_MS).toBe(300000);
  });

  describe('clock skew (rule 3)', () => {
    it.each([
      ['6 minutes old', SIGNED_AT + 6 * MINUTE, SKEW],
      ['6 minutes ahead', SIGNED_AT - 6 * MINUTE, SKEW],
      ['5 minutes and 1 ms old', SIGNED_AT + 5 * MINUTE + 1, SKEW],
      ['5 minutes and 1 ms ahead', SIGNED_AT - 5 * MINUTE - 1, SKEW],
      ['exactly 5 minutes old', SIGNED_AT + 5 * MINUTE, OK],
      ['exactly 5 minutes ahead', SIGNED_AT - 5 * MINUTE, OK],
      ['4 minutes old', SIGNED_AT + 4 * MINUTE, OK],
      ['4 minutes ahead', SIGNED_AT - 4 * MINUTE, OK],
    ])('a timestamp %s', (_label, now, expected) => {
      expect(verifyVector({ now })).toEqual(expected);
    });

    it('honours a custom window', () => {
      expect(verifyVector({ now: SIGNED_AT + 2 * MINUTE, skewMs: MINUTE })).toEqual(SKEW);
      expect(verifyVector({ now: SIGNED_AT + 2 * MINUTE, skewMs: 3 * MINUTE })).toEqual(OK);
    });

    it('rejects a timestamp too large to be a date', () => {
      const header = signRequest({ ...VECTOR, timestamp: '9'.repeat(400) });
      expect(verifyVector({ parsed: parse(header) })).toEqual(SKEW);
    });

    it('checks the clock before the signature, as the document orders them', () => {
      expect(verifyVector({ now: SIGNED_AT + 6 * MINUTE, apiSecret: 'wrong' })).toEqual(SKEW);
    });

    it('does not throw for a hand-built parsed value with a non-decimal timestamp', () => {
      const parsed = { ...parse(VECTOR.header), timestamp: `${VECTOR.timestamp}.0` };
      expect(verifyVector({ parsed })).toEqual(SKEW);
    });
  });

  describe('signature (rule 4)', () => {
    it.each([
      ['the body changed after signing', { body: '{"userId":"59573c395c2960da1aa83a09"}' }],
      ['the body re-serialised', { body: '{ "userId": "59573c395c2960da1aa83a08" }' }],
      ['the body dropped', { body: undefined }],
      ['a wrong secret', { apiSecret: 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3J=' }],
      [
        'the secret base64-decoded instead of used as text',
        { apiSecret: 'secret-secret-secret-secret-secr' },
      ],
      ['another method', { method: 'POST' }],
      ['another path', { target: '/api/my/unbind-weixin' }],
      ['a query added', { target: '/api/my/bind-weixin?userId=1' }],
      ['a trailing slash', { target: '/api/my/bind-weixin/' }],
    ])('rejects %s', (_label, overrides) => {
      expect(verifyVector(overrides)).toEqual(BAD);
    });

    it('accepts a lower-case method, since the string to sign upper-cases it', () => {
      expect(verifyVector({ method: 'put' })).toEqual(OK);
    });

    it('treats no body and an empty body alike', () => {
      const { apiKey, apiSecret, timestamp } = VECTOR;
      const request = { method: 'GET', target: '/api/my/user', timestamp, body: undefined };
      const parsed = parse(signRequest({ apiKey, apiSecret, ...request }));
      expect(verifyVector({ parsed, method: 'GET', target: '/api/my/user', body: '' })).toEqual(OK);
    });

    it('rejects a header whose timestamp was changed after signing', () => {
      const parsed = { ...parse(VECTOR.header), timestamp: String(SIGNED_AT + 1000) };
      expect(verifyVector({ parsed })).toEqual(BAD);
    });

    it('rejects a header whose timestamp text was re-spelled with a leading zero', () => {
      const parsed = { ...parse(VECTOR.header), timestamp: `0${VECTOR.timestamp}` };
      expect(verifyVector({ parsed })).toEqual(BAD);
    });

    it.each([
      ['one character changed', 't/4YWkRdzKF2vYVD4CeQBzStQe0='],
      ['shorter', 's/4YWkRdzKF2vYVD4CeQBzStQe0'],
      ['longer', 's/4YWkRdzKF2vYVD4CeQBzStQe0=='],
      ['the seed example signature', 'SnjGVKk8kHk8ywSH/wYTfySYa8k='],
    ])('rejects a signature that is %s, without throwing', (_label, signature) => {
      const parsed = { ...parse(VECTOR.header), signature };
      expect(verifyVector({ parsed })).toEqual(BAD);
    });
  });
});
