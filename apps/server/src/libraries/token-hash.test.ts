import { constantTimeEqualHex, randomBase62, randomToken, sha256Hex } from './token-hash';

describe('token hashing', () => {
  it('hashes UTF-8 text with SHA-256 as lower-case hex', () => {
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('compares digests: equal, different, different lengths, not hex', () => {
    const digest = sha256Hex('token');
    expect(constantTimeEqualHex(digest, sha256Hex('token'))).toBe(true);
    expect(constantTimeEqualHex(digest, digest.toUpperCase())).toBe(true);
    expect(constantTimeEqualHex(digest, sha256Hex('other'))).toBe(false);
    expect(constantTimeEqualHex(digest, digest.slice(0, 62))).toBe(false);
    expect(constantTimeEqualHex(digest, '')).toBe(false);
    expect(constantTimeEqualHex(`${digest.slice(0, 63)}z`, `${digest.slice(0, 63)}z`)).toBe(false);
    expect(constantTimeEqualHex('abc', 'abc')).toBe(false);
  });

  it('makes random tokens of the asked size', () => {
    expect(randomToken(32)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomToken(32, 'base64')).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(randomToken(16, 'hex')).toMatch(/^[0-9a-f]{32}$/);
    expect(randomToken(32)).not.toBe(randomToken(32));
  });

  it('makes base62 text of the asked length, using the whole alphabet', () => {
    const samples = Array.from({ length: 200 }, () => randomBase62(40));
    for (const sample of samples) expect(sample).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(new Set(samples).size).toBe(200);
    expect(new Set(samples.join('')).size).toBe(62);
    expect(randomBase62(0)).toBe('');
  });
});
