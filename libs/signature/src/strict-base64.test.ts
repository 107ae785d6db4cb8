import { decodeStrictBase64 } from './strict-base64';

describe('decodeStrictBase64', () => {
  it('decodes canonical base64 with every padding length', () => {
    expect(decodeStrictBase64('')?.length).toBe(0);
    expect(decodeStrictBase64('QQ==')?.toString()).toBe('A');
    expect(decodeStrictBase64('QUI=')?.toString()).toBe('AB');
    expect(decodeStrictBase64('QUJD')?.toString()).toBe('ABC');
    expect(decodeStrictBase64('+/+/')).toEqual(Buffer.from([0xfb, 0xff, 0xbf]));
  });

  it.each([
    ['a space where URL decoding ate a +', 'ab c'],
    ['URL-safe alphabet -', 'ab-c'],
    ['URL-safe alphabet _', 'ab_c'],
    ['missing padding', 'QQ'],
    ['partial padding', 'QQ='],
    ['too much padding', 'QUI=='],
    ['padding in the middle', 'QQ==QQ=='],
    ['non-zero unused bits', 'QR=='],
    ['a trailing newline', 'QUJD\n'],
    ['leading whitespace', ' QUJD'],
    ['a stray character', 'QUJ*'],
  ])('rejects %s', (_label, text) => {
    expect(decodeStrictBase64(text)).toBeNull();
  });

  it('rejects values that are not strings', () => {
    expect(decodeStrictBase64(undefined)).toBeNull();
    expect(decodeStrictBase64(42)).toBeNull();
  });
});
