import { tc3Authorization, tc3Date, tc3Signature } from './tencent-tc3-signature';

/**
 * The worked example of Tencent Cloud's "Signature v3" page: DescribeInstances on
 * cvm.tencentcloudapi.com at 1551113065 with its example (published, placeholder) key pair.
 */
const documentedExample = {
  secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
  secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
  service: 'cvm',
  host: 'cvm.tencentcloudapi.com',
  contentType: 'application/json; charset=utf-8',
  payload:
    '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
  timestamp: 1551113065,
};

describe('TC3-HMAC-SHA256', () => {
  it('reproduces the documented example signature', () => {
    expect(tc3Signature(documentedExample)).toBe(
      '72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    );
  });

  it('builds the documented Authorization header', () => {
    expect(tc3Authorization(documentedExample)).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, ' +
        'SignedHeaders=content-type;host, ' +
        'Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    );
  });

  it('dates the scope in UTC', () => {
    // 2019-02-25 23:30 in UTC is already the 26th in Beijing: the scope says the 25th.
    expect(tc3Date(Date.UTC(2019, 1, 25, 23, 30) / 1000)).toBe('2019-02-25');
  });

  it('covers the body, the host, the path and the key', () => {
    const base = tc3Signature(documentedExample);
    expect(tc3Signature({ ...documentedExample, payload: '{"Limit": 2}' })).not.toBe(base);
    expect(tc3Signature({ ...documentedExample, host: 'sms.tencentcloudapi.com' })).not.toBe(base);
    expect(tc3Signature({ ...documentedExample, path: '/other' })).not.toBe(base);
    expect(tc3Signature({ ...documentedExample, secretKey: 'another' })).not.toBe(base);
  });
});
