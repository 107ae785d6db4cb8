import { rawDataSignature, verifyRawDataSignature } from './raw-data-signature';

/**
 * WeChat's published example for wx.getUserInfo's signature = sha1(rawData + session_key), from
 * "开放数据校验与解密 → 数据签名校验":
 * https://developers.weixin.qq.com/miniprogram/dev/framework/open-ability/signature.html
 * (English: https://developers.weixin.qq.com/miniprogram/en/dev/framework/open-ability/signature.html).
 * Also reproduced with `printf '%s' "$rawData$sessionKey" | openssl dgst -sha1`.
 */
const EXAMPLE = {
  rawData:
    '{"nickName":"Band","gender":1,"language":"zh_CN","city":"Guangzhou","province":"Guangdong",' +
    '"country":"CN","avatarUrl":"http://wx.qlogo.cn/mmopen/vi_32/1vZvI39NWFQ9XM4LtQpFrQJ1xlgZxx3w' +
    '7bQxKARol6503Iuswjjn6nIGBiaycAjAtpujxyzYsrztuuICqIM5ibXQ/0"}',
  sessionKey: 'HyVFkGl5F5OQWJZZaNzBBg==',
  signature: '75e81ceda165f4ffa64f4068af58c64b8f54b88c',
};

describe('rawDataSignature', () => {
  it("computes WeChat's published example", () => {
    expect(rawDataSignature(EXAMPLE.rawData, EXAMPLE.sessionKey)).toBe(EXAMPLE.signature);
  });
});

describe('verifyRawDataSignature', () => {
  it("accepts WeChat's published example", () => {
    expect(verifyRawDataSignature(EXAMPLE)).toBe(true);
  });

  it('rejects rawData changed by one character', () => {
    const rawData = EXAMPLE.rawData.replace('"gender":1', '"gender":2');
    expect(verifyRawDataSignature({ ...EXAMPLE, rawData })).toBe(false);
  });

  it('rejects rawData re-serialised with different whitespace', () => {
    const rawData = JSON.stringify(JSON.parse(EXAMPLE.rawData), null, 2);
    expect(verifyRawDataSignature({ ...EXAMPLE, rawData })).toBe(false);
  });

  it('rejects another session key', () => {
    expect(verifyRawDataSignature({ ...EXAMPLE, sessionKey: 'tiihtNczf5v6AKRyjwEUhQ==' })).toBe(
      false,
    );
  });

  it.each([
    ['one hex digit changed', '75e81ceda165f4ffa64f4068af58c64b8f54b88d'],
    ['upper-case hex', EXAMPLE.signature.toUpperCase()],
    ['truncated', EXAMPLE.signature.slice(0, -1)],
    ['extended', EXAMPLE.signature + '0'],
    ['empty', ''],
    ['a multi-byte string of the same length', 'é'.repeat(40)],
  ])('rejects a signature that is %s, without throwing', (_label, signature) => {
    expect(verifyRawDataSignature({ ...EXAMPLE, signature })).toBe(false);
  });

  it('rejects inputs that are not strings', () => {
    const signature = undefined as unknown as string;
    expect(verifyRawDataSignature({ ...EXAMPLE, signature })).toBe(false);
  });
});
