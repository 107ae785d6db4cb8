import { parseAuthorization } from './parse-authorization';
import { SEED_HEADER, VECTOR } from './test-vector.fixture';

/** A `Caa` header around arbitrary decoded text, for building malformed credentials. */
function caa(text: string | Buffer): string {
  return `Caa ${Buffer.from(text).toString('base64')}`;
}

describe('parseAuthorization', () => {
  it('decodes the example header of 01-my-bind-weixin.md', () => {
    expect(parseAuthorization(SEED_HEADER)).toEqual({
      apiKey: 'bCW3XwK5E4qJR8rz57eLtY5ogqa2ewkEGlkVtEMzg/A=',
      signature: 'SnjGVKk8kHk8ywSH/wYTfySYa8k=',
      timestamp: '1510199443580',
    });
  });

  it('decodes the test-vector header', () => {
    expect(parseAuthorization(VECTOR.header)).toEqual({
      apiKey: VECTOR.apiKey,
      signature: VECTOR.signature,
      timestamp: VECTOR.timestamp,
    });
  });

  it('decodes the helper header used by the damaged-base64 cases below', () => {
    // caa('a>>?:s 1') is 'Caa YT4+PzpzIDE=', so those cases really do damage a valid header.
    expect(caa('a>>?:s 1')).toBe('Caa YT4+PzpzIDE=');
    expect(parseAuthorization(caa('a>>?:s 1'))).not.toBeNull();
  });

  it('allows any base64 characters in the apiKey', () => {
    expect(parseAuthorization(caa('a+b/c=d==:sig= 1'))).toEqual({
      apiKey: 'a+b/c=d==',
      signature: 'sig=',
      timestamp: '1',
    });
  });

  it('keeps the timestamp text as sent, leading zeros included', () => {
    expect(parseAuthorization(caa('key:sig 0001510199443580'))?.timestamp).toBe('0001510199443580');
  });

  describe('returns null for a header that is', () => {
    const seedBase64 = SEED_HEADER.slice('Caa '.length);

    it.each([
      ['missing', undefined],
      ['empty', ''],
      ['the scheme alone', 'Caa'],
      ['the scheme and a space', 'Caa '],
      ['another scheme', `Bearer ${seedBase64}`],
      ['the scheme in lower case', `caa ${seedBase64}`],
      ['the scheme in upper case', `CAA ${seedBase64}`],
      ['without a scheme', seedBase64],
      ['with two spaces after the scheme', `Caa  ${seedBase64}`],
      ['with a tab after the scheme', `Caa\t${seedBase64}`],
      ['with a trailing space', `${SEED_HEADER} `],
      ['with a trailing newline', `${SEED_HEADER}\n`],
      ['base64 cut short (missing padding)', caa('key:sig 12345').replace(/=+$/, '')],
      ['base64 with a + turned into a space', caa('a>>?:s 1').replace('+', ' ')],
      ['URL-safe base64', caa('a>>?:s 1').replace('+', '-')],
      ['base64 with non-zero unused bits', 'Caa QR=='],
      ['not base64 at all', 'Caa not*base64'],
    ])('%s', (_label, header) => {
      expect(parseAuthorization(header)).toBeNull();
    });
  });

  describe('returns null when the decoded text is', () => {
    it.each([
      ['empty', ''],
      ['just an apiKey', 'bCW3XwK5E4qJR8rz57eLtY5ogqa2ewkEGlkVtEMzg/A='],
      ['missing the timestamp', 'key:sig'],
      ['missing the timestamp after the space', 'key:sig '],
      ['missing the signature', 'key: 1510199443580'],
      ['missing the apiKey', ':sig 1510199443580'],
      ['missing the colon', 'keysig 1510199443580'],
      ['an apiKey with a space', 'the key:sig 1510199443580'],
      ['a signature with a colon', 'key:si:g 1510199443580'],
      ['two spaces before the timestamp', 'key:sig  1510199443580'],
      ['a tab before the timestamp', 'key:sig\t1510199443580'],
      ['a trailing space', 'key:sig 1510199443580 '],
      ['a trailing newline', 'key:sig 1510199443580\n'],
      ['a leading space', ' key:sig 1510199443580'],
      ['a negative timestamp', 'key:sig -1510199443580'],
      ['a fractional timestamp', 'key:sig 1510199443.580'],
      ['an exponent timestamp', 'key:sig 1.5e12'],
      ['a hexadecimal timestamp', 'key:sig 0x15f9c1a7e7c'],
      ['a timestamp in seconds with a unit', 'key:sig 1510199443s'],
      ['a timestamp in non-ASCII digits', 'key:sig ١٥١٠١٩٩٤٤٣٥٨٠'],
      ['an apiKey with a control character', 'k\u0000ey:sig 1510199443580'],
      ['an apiKey outside ASCII', 'ключ:sig 1510199443580'],
      ['bytes that are not UTF-8', Buffer.from([0x6b, 0xff, 0x3a, 0x73, 0x20, 0x31])],
    ])('%s', (_label, text) => {
      expect(parseAuthorization(caa(text))).toBeNull();
    });
  });
});
