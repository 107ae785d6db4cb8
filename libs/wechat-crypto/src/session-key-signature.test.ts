import { loginStateSignature, sessionKeySignature } from './session-key-signature';

describe('sessionKeySignature', () => {
  // Expected values computed independently with OpenSSL 3.0, keyed with the session_key text:
  //   printf '' | openssl dgst -sha256 -hmac 'HyVFkGl5F5OQWJZZaNzBBg=='
  it.each([
    [
      'HyVFkGl5F5OQWJZZaNzBBg==',
      '252b75c92698025afe925b29cca5517fdf9ee67aae072cf3225ebf3a53783058',
    ],
    [
      'tiihtNczf5v6AKRyjwEUhQ==',
      '7154f9f8b4b76b92f541cbf0e37d48840fa06e5e42da92a6f80168a1516a4735',
    ],
    [
      'o0q0otL8aEzpcZL/FT9WsQ==',
      '46e043c5525c2d817c44be603d30837a808a1d930d038f6fdc3e62a201fed128',
    ],
  ])('is hmac_sha256(%s, "") in hex', (sessionKey, expected) => {
    expect(sessionKeySignature(sessionKey)).toBe(expected);
  });
});

describe('loginStateSignature', () => {
  it("matches WeChat's published example, which shows the key is the session_key text", () => {
    // "用户登录态签名" example: hmac_sha256('{"foo":"bar"}', 'o0q0otL8aEzpcZL/FT9WsQ==').
    // https://developers.weixin.qq.com/minigame/en/dev/tutorial/open-ability/http-signature.html
    // (also: printf '%s' '{"foo":"bar"}' | openssl dgst -sha256 -hmac 'o0q0otL8aEzpcZL/FT9WsQ==')
    expect(loginStateSignature('o0q0otL8aEzpcZL/FT9WsQ==', '{"foo":"bar"}')).toBe(
      '654571f79995b2ce1e149e53c0a33dc39c0a74090db514261454e8dbe432aa0b',
    );
  });
});
