import { signRequest } from './sign-request';
import { VECTOR } from './test-vector.fixture';

describe('signRequest', () => {
  it("produces the header built by hand from the document's test vector", () => {
    expect(signRequest(VECTOR)).toBe(VECTOR.header);
  });

  it('accepts the timestamp as a number', () => {
    expect(signRequest({ ...VECTOR, timestamp: 1510199443580 })).toBe(VECTOR.header);
  });

  it('puts the timestamp in the header exactly as it signed it', () => {
    const header = signRequest({ ...VECTOR, timestamp: '0001510199443580' });
    const decoded = Buffer.from(header.slice('Caa '.length), 'base64').toString('utf8');
    expect(decoded).toMatch(/ 0001510199443580$/);
  });

  it.each(['key:with-colon', 'key with space', '', 'ключ'])('refuses the apiKey %p', (apiKey) => {
    expect(() => signRequest({ ...VECTOR, apiKey })).toThrow(TypeError);
  });

  it('refuses a timestamp that is not decimal milliseconds', () => {
    expect(() => signRequest({ ...VECTOR, timestamp: '1510199443.580' })).toThrow(TypeError);
  });
});
