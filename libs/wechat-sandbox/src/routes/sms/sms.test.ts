import { createHash, createHmac, randomUUID } from 'node:crypto';
import type { JsonReply } from '../../test-support/sandbox-fixture';
import { useSandbox } from '../../test-support/sandbox-fixture';
import { rpcSignatureMatches } from './aliyun-rpc-verify';
import { parseTc3Authorization, tc3SignatureMatches } from './tc3-verify';

// A test-only signer for each provider, so the stand-ins are checked without the server.
const TENCENT = {
  secretId: 'AKIDsandboxtest',
  secretKey: 'tencent-secret-key',
  sdkAppId: '1400000001',
  signName: '测试签名',
  templateId: '100001',
};
const ALIYUN = {
  accessKeyId: 'LTAIsandboxtest',
  accessKeySecret: 'aliyun-secret',
  signName: '测试签名',
  templateCode: 'SMS_100001',
};

const fx = useSandbox({ apps: { tencentSms: [TENCENT], aliyunSms: [ALIYUN] } });

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const hmac = (key: Buffer | string, text: string) =>
  createHmac('sha256', key).update(text).digest();

async function tencentSend(
  body: Record<string, unknown>,
  options: { secretKey?: string; secretId?: string; timestamp?: number; action?: string } = {},
) {
  const url = new URL(`${fx.url}/tencentcloud/sms`);
  const payload = JSON.stringify(body);
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const date = new Date(timestamp * 1000).toISOString().slice(0, 10);
  const contentType = 'application/json; charset=utf-8';
  const canonical = [
    'POST',
    url.pathname,
    '',
    `content-type:${contentType}\nhost:${url.host}\n`,
    'content-type;host',
    sha256(payload),
  ].join('\n');
  const stringToSign = [
    'TC3-HMAC-SHA256',
    timestamp,
    `${date}/sms/tc3_request`,
    sha256(canonical),
  ].join('\n');
  const key = hmac(
    hmac(hmac(`TC3${options.secretKey ?? TENCENT.secretKey}`, date), 'sms'),
    'tc3_request',
  );
  const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      authorization: `TC3-HMAC-SHA256 Credential=${options.secretId ?? TENCENT.secretId}/${date}/sms/tc3_request, SignedHeaders=content-type;host, Signature=${signature}`,
      'content-type': contentType,
      'x-tc-action': options.action ?? 'SendSms',
      'x-tc-version': '2021-01-11',
      'x-tc-timestamp': String(timestamp),
      'x-tc-region': 'ap-guangzhou',
    },
    body: payload,
  });
  const reply: Omit<JsonReply, 'headers'> = {
    status: response.status,
    body: await response.json(),
  };
  return { status: reply.status, body: reply.body.Response as JsonReply['body'] };
}

const tencentBody = (overrides: Record<string, unknown> = {}) => ({
  PhoneNumberSet: ['+8613800138000'],
  SmsSdkAppId: TENCENT.sdkAppId,
  SignName: TENCENT.signName,
  TemplateId: TENCENT.templateId,
  TemplateParamSet: ['042917', '5'],
  ...overrides,
});

const encode = (text: string) =>
  encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

async function aliyunSend(
  overrides: Record<string, string> = {},
  options: { secret?: string; nonce?: string } = {},
) {
  const params: Record<string, string> = {
    AccessKeyId: ALIYUN.accessKeyId,
    Action: 'SendSms',
    Format: 'JSON',
    PhoneNumbers: '13800138000',
    RegionId: 'cn-hangzhou',
    SignName: ALIYUN.signName,
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: options.nonce ?? randomUUID(),
    SignatureVersion: '1.0',
    TemplateCode: ALIYUN.templateCode,
    TemplateParam: '{"code":"042917"}',
    Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    Version: '2017-05-25',
    ...overrides,
  };
  const canonical = Object.keys(params)
    .sort()
    .map((k) => `${encode(k)}=${encode(params[k]!)}`)
    .join('&');
  params.Signature = createHmac('sha1', `${options.secret ?? ALIYUN.accessKeySecret}&`)
    .update(`POST&%2F&${encode(canonical)}`)
    .digest('base64');
  const response = await fetch(`${fx.url}/aliyun/dysmsapi`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: Object.entries(params)
      .map(([k, v]) => `${encode(k)}=${encode(v)}`)
      .join('&'),
  });
  const reply: Omit<JsonReply, 'headers'> = {
    status: response.status,
    body: await response.json(),
  };
  return reply;
}

describe("the verifiers against the providers' documented examples", () => {
  it("accepts Tencent Cloud's signature v3 example and refuses it altered", () => {
    const authorization =
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168';
    const request = {
      authorization,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        host: 'cvm.tencentcloudapi.com',
      },
      method: 'POST',
      path: '/',
      query: '',
      body: '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
    };
    const parsed = parseTc3Authorization(authorization)!;
    expect(
      tc3SignatureMatches(request, parsed, 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE', '1551113065'),
    ).toBe(true);
    expect(
      tc3SignatureMatches(
        { ...request, body: '{}' },
        parsed,
        'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
        '1551113065',
      ),
    ).toBe(false);
  });

  it("accepts Alibaba Cloud's SMS signature example (a GET)", () => {
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
      Signature: 'zJDF+Lrzhj/ThnlvIToysFRq6t4=',
    };
    expect(rpcSignatureMatches('GET', params, 'testSecret')).toBe(true);
    expect(
      rpcSignatureMatches('GET', { ...params, PhoneNumbers: '15300000002' }, 'testSecret'),
    ).toBe(false);
  });
});

describe('Tencent Cloud SendSms stand-in', () => {
  it('accepts a correctly signed request and records the message', async () => {
    const reply = await tencentSend(tencentBody());
    expect(reply.status).toBe(200);
    expect(reply.body.SendStatusSet).toEqual([
      expect.objectContaining({
        PhoneNumber: '+8613800138000',
        Code: 'Ok',
        Message: 'send success',
      }),
    ]);
    expect((await fx.control.listSmsMessages()).messages).toEqual([
      expect.objectContaining({
        provider: 'tencent',
        account: TENCENT.secretId,
        phoneNumber: '+8613800138000',
        mobile: '13800138000',
        signName: TENCENT.signName,
        template: TENCENT.templateId,
        params: ['042917', '5'],
      }),
    ]);
  });

  it.each([
    ['another key', { secretKey: 'wrong' }, 'AuthFailure.SignatureFailure'],
    ['an unknown SecretId', { secretId: 'AKIDunknown' }, 'AuthFailure.SecretIdNotFound'],
    [
      'a stale timestamp',
      { timestamp: Math.floor(Date.now() / 1000) - 600 },
      'AuthFailure.SignatureExpire',
    ],
    ['another action', { action: 'PullSmsSendStatus' }, 'InvalidAction'],
  ])('refuses a request signed with %s and records nothing', async (_what, options, code) => {
    const reply = await tencentSend(tencentBody(), options);
    expect(reply.status).toBe(200);
    expect(reply.body.Error.Code).toBe(code);
    expect((await fx.control.listSmsMessages()).messages).toEqual([]);
  });

  it('refuses an unapproved sign name or template', async () => {
    expect((await tencentSend(tencentBody({ SignName: '别的' }))).body.Error.Code).toBe(
      'FailedOperation.SignatureIncorrectOrUnapproved',
    );
    expect((await tencentSend(tencentBody({ TemplateId: '9' }))).body.Error.Code).toBe(
      'FailedOperation.TemplateIncorrectOrUnapproved',
    );
  });

  it('plays sms-error faults: number limits per number, others for the call', async () => {
    await fx.control.addFault({
      endpoint: '/tencentcloud/sms',
      kind: 'sms-error',
      code: 'LimitExceeded.PhoneNumberThirtySecondLimit',
    });
    await fx.control.addFault({
      endpoint: '/tencentcloud/sms',
      kind: 'sms-error',
      code: 'RequestLimitExceeded',
    });
    const first = await tencentSend(tencentBody());
    expect(first.body.SendStatusSet[0]).toMatchObject({
      Code: 'LimitExceeded.PhoneNumberThirtySecondLimit',
      PhoneNumber: '+8613800138000',
    });
    expect((await tencentSend(tencentBody())).body.Error.Code).toBe('RequestLimitExceeded');
    expect((await tencentSend(tencentBody())).body.SendStatusSet[0].Code).toBe('Ok');
    expect((await fx.control.getCalls()).calls['/tencentcloud/sms']).toBe(3);
  });

  it('refuses an sms-error fault on a WeChat endpoint', async () => {
    await expect(
      fx.control.addFault({ endpoint: '/sns/jscode2session', kind: 'sms-error', code: 'X' }),
    ).rejects.toThrow(/SMS endpoints/);
  });
});

describe('Alibaba Cloud SendSms stand-in', () => {
  it('accepts a correctly signed form POST and records the message', async () => {
    const reply = await aliyunSend();
    expect(reply).toEqual({
      status: 200,
      body: expect.objectContaining({ Code: 'OK', Message: 'OK' }),
    });
    expect((await fx.control.listSmsMessages('aliyun')).messages).toEqual([
      expect.objectContaining({
        provider: 'aliyun',
        account: ALIYUN.accessKeyId,
        mobile: '13800138000',
        signName: ALIYUN.signName,
        template: ALIYUN.templateCode,
        params: { code: '042917' },
      }),
    ]);
    expect((await fx.control.listSmsMessages('tencent')).messages).toEqual([]);
  });

  it('refuses a wrong signature (400), an unknown key (404) and a replayed nonce', async () => {
    expect(await aliyunSend({}, { secret: 'wrong' })).toEqual({
      status: 400,
      body: expect.objectContaining({ Code: 'SignatureDoesNotMatch' }),
    });
    expect(await aliyunSend({ AccessKeyId: 'LTAIunknown' })).toEqual({
      status: 404,
      body: expect.objectContaining({ Code: 'InvalidAccessKeyId.NotFound' }),
    });
    const nonce = randomUUID();
    expect((await aliyunSend({}, { nonce })).body.Code).toBe('OK');
    expect(await aliyunSend({}, { nonce })).toEqual({
      status: 400,
      body: expect.objectContaining({ Code: 'SignatureNonceUsed' }),
    });
    expect((await fx.control.listSmsMessages()).messages).toHaveLength(1);
  });

  it('answers business refusals with HTTP 200 and an isv code', async () => {
    expect(await aliyunSend({ SignName: '别的' })).toEqual({
      status: 200,
      body: expect.objectContaining({ Code: 'isv.SMS_SIGNATURE_ILLEGAL' }),
    });
    expect((await aliyunSend({ TemplateCode: 'SMS_9' })).body.Code).toBe(
      'isv.SMS_TEMPLATE_ILLEGAL',
    );
    expect((await aliyunSend({ TemplateParam: 'not json' })).body.Code).toBe(
      'isv.INVALID_JSON_PARAM',
    );
    expect((await aliyunSend({ PhoneNumbers: '12345' })).body.Code).toBe(
      'isv.MOBILE_NUMBER_ILLEGAL',
    );
  });

  it('plays sms-error faults with their status', async () => {
    await fx.control.addFault({
      endpoint: '/aliyun/dysmsapi',
      kind: 'sms-error',
      code: 'isv.BUSINESS_LIMIT_CONTROL',
      message: '触发号码天级流控Permits:10',
    });
    await fx.control.addFault({
      endpoint: '/aliyun/dysmsapi',
      kind: 'sms-error',
      code: 'Throttling.User',
      status: 400,
    });
    expect(await aliyunSend()).toEqual({
      status: 200,
      body: expect.objectContaining({
        Code: 'isv.BUSINESS_LIMIT_CONTROL',
        Message: '触发号码天级流控Permits:10',
      }),
    });
    expect((await aliyunSend()).status).toBe(400);
    expect((await aliyunSend()).body.Code).toBe('OK');
  });

  it('forgets accounts and messages on reset, then plants the seeded accounts again', async () => {
    await fx.control.registerAliyunSmsAccount({ accessKeyId: 'LTAIextra', accessKeySecret: 's2' });
    expect((await aliyunSend({ AccessKeyId: 'LTAIextra' }, { secret: 's2' })).body.Code).toBe('OK');
    await fx.control.reset();
    expect((await fx.control.listSmsMessages()).messages).toEqual([]);
    expect((await aliyunSend({ AccessKeyId: 'LTAIextra' }, { secret: 's2' })).status).toBe(404);
    expect((await aliyunSend()).body.Code).toBe('OK');
  });
});
