import { computeSignature } from './compute-signature';
import { VECTOR } from './test-vector.fixture';

describe('computeSignature', () => {
  it('matches the value openssl computed for the test vector', () => {
    expect(computeSignature(VECTOR.apiSecret, VECTOR.stringToSign)).toBe(VECTOR.signature);
  });

  it('signs an empty body as an empty last line', () => {
    // printf 'GET\n/api/my/user?x=1\n1510199443580\n' \
    //   | openssl dgst -sha1 -hmac "$apiSecret" -binary | base64
    expect(computeSignature(VECTOR.apiSecret, 'GET\n/api/my/user?x=1\n1510199443580\n')).toBe(
      'cU0KoG6XyHh2e0aOqOC2S+FtM18=',
    );
  });

  it('is 28 characters of base64 (20 bytes)', () => {
    const signature = computeSignature('any secret', 'any text');
    expect(signature).toMatch(/^[A-Za-z0-9+/]{27}=$/);
    expect(Buffer.from(signature, 'base64')).toHaveLength(20);
  });
});
