import { stringToSign } from './string-to-sign';
import { VECTOR } from './test-vector.fixture';

describe('stringToSign', () => {
  it("builds the document's test vector", () => {
    expect(stringToSign(VECTOR)).toBe(VECTOR.stringToSign);
  });

  it('gives the same text for a numeric or a string timestamp', () => {
    expect(stringToSign({ ...VECTOR, timestamp: 1510199443580 })).toBe(VECTOR.stringToSign);
  });

  it('upper-cases the method', () => {
    expect(stringToSign({ ...VECTOR, method: 'put' })).toBe(VECTOR.stringToSign);
  });

  it('ends with an empty BODY line, not a missing one, when there is no body', () => {
    const expected = 'GET\n/api/my/user?x=1\n1510199443580\n';
    const input = { method: 'GET', target: '/api/my/user?x=1', timestamp: 1510199443580 };
    expect(stringToSign(input)).toBe(expected);
    expect(stringToSign({ ...input, body: undefined })).toBe(expected);
    expect(stringToSign({ ...input, body: '' })).toBe(expected);
  });

  it('keeps the target and body byte for byte', () => {
    const text = stringToSign({
      method: 'POST',
      target: '/api/my/a%20b?q=%2B&r=1',
      timestamp: '7',
      body: '{ "a" : "微信\\n" }\n',
    });
    expect(text).toBe('POST\n/api/my/a%20b?q=%2B&r=1\n7\n{ "a" : "微信\\n" }\n');
  });

  it('refuses a timestamp with no single decimal spelling', () => {
    expect(() => stringToSign({ ...VECTOR, timestamp: 1.5 })).toThrow(TypeError);
  });
});
