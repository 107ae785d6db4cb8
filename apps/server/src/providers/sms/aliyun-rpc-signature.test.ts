import { aliyunCanonicalQuery, aliyunPercentEncode, aliyunSignature } from './aliyun-rpc-signature';

describe('Alibaba Cloud RPC signature (HMAC-SHA1)', () => {
  it('reproduces the SMS signature-method example (SendSms, testId / testSecret)', () => {
    const params = {
      AccessKeyId: 'testId',
      Action: 'SendSms',
      Format: 'XML',
      OutId: '123',
      PhoneNumbers: '15300000001',
      RegionId: 'cn-hangzhou',
      SignName: '阿里云短信测试专用',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '45e25e9b-0a6f-4070-8c85-2956eda1b466',
      SignatureVersion: '1.0',
      TemplateCode: 'SMS_71390007',
      TemplateParam: '{"customer":"test"}',
      Timestamp: '2017-07-12T02:42:19Z',
      Version: '2017-05-25',
    };
    expect(aliyunSignature('GET', params, 'testSecret')).toBe('zJDF+Lrzhj/ThnlvIToysFRq6t4=');
  });

  it('reproduces the RPC signature-mechanism example (DescribeRegions, testid / testsecret)', () => {
    const params = {
      AccessKeyId: 'testid',
      Action: 'DescribeRegions',
      Format: 'XML',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
      SignatureVersion: '1.0',
      Timestamp: '2016-02-23T12:46:24Z',
      Version: '2014-05-26',
    };
    expect(aliyunSignature('GET', params, 'testsecret')).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });

  it('percent-encodes as RFC 3986: space %20, star %2A, tilde kept', () => {
    expect(aliyunPercentEncode("a b*c~d!'()")).toBe('a%20b%2Ac~d%21%27%28%29');
  });

  it('sorts by name and leaves Signature out of the canonical query', () => {
    expect(aliyunCanonicalQuery({ b: '2', Signature: 'x', a: '1' })).toBe('a=1&b=2');
  });

  it('signs the method: a POST signature differs from a GET one', () => {
    const params = { Action: 'SendSms' };
    expect(aliyunSignature('POST', params, 's')).not.toBe(aliyunSignature('GET', params, 's'));
  });
});
