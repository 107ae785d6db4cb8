import { decodeStrictBase64 } from './strict-base64';
import { generateIv, generateSessionKey } from './random';

describe('generateSessionKey / generateIv', () => {
  it.each([
    ['generateSessionKey', generateSessionKey],
    ['generateIv', generateIv],
  ])('%s returns canonical base64 of 16 fresh bytes', (_name, generate) => {
    const first = generate();
    expect(decodeStrictBase64(first)).toHaveLength(16);
    expect(generate()).not.toBe(first);
  });
});
