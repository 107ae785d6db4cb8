import type { RunningSandbox, SandboxControl, SentSms } from '@wechat-bind/wechat-sandbox';
import { createSandboxControl, startSandbox } from '@wechat-bind/wechat-sandbox';
import { uniqueMobile } from '../../../test/support/test-data';
import type { AccountsKit } from '../../../test/support/mini-program-kit';
import { accountsFailure, startAccountsKit } from '../../../test/support/mini-program-kit';

/**
 * The mini-program's phone binding end to end with each cloud SMS sender: a real server (over
 * HTTP) whose SMS_SENDER is `tencent` or `aliyun`, pointed at the sandbox's stand-in for that
 * provider, which checks each request's signature with the account's secret and records what it
 * sent. The code the user types is the one the stand-in received.
 */
const TENCENT = {
  secretId: 'AKIDe2etencentaccount',
  secretKey: 'e2e-tencent-secret-key',
  sdkAppId: '1400123456',
  signName: '绑定助手',
  templateId: '1234567',
};
const ALIYUN = {
  accessKeyId: 'LTAIe2ealiyunaccount',
  accessKeySecret: 'e2e-aliyun-secret',
  signName: '绑定助手',
  templateCode: 'SMS_1234567',
};

interface Provider {
  name: 'tencent' | 'aliyun';
  endpoint: '/tencentcloud/sms' | '/aliyun/dysmsapi';
  config(smsUrl: string, overrides?: { secret?: string }): Record<string, string>;
  /** The code in a recorded message, by the template layout `config` set. */
  codeIn(message: SentSms): string;
  rateLimit: { code: string; status?: number };
  templateRefusal: string;
}

const providers: Provider[] = [
  {
    name: 'tencent',
    endpoint: '/tencentcloud/sms',
    config: (smsUrl, overrides = {}) => ({
      SMS_SENDER: 'tencent',
      TENCENT_SMS_SECRET_ID: TENCENT.secretId,
      TENCENT_SMS_SECRET_KEY: overrides.secret ?? TENCENT.secretKey,
      TENCENT_SMS_SDK_APP_ID: TENCENT.sdkAppId,
      TENCENT_SMS_SIGN_NAME: TENCENT.signName,
      TENCENT_SMS_TEMPLATE_ID: TENCENT.templateId,
      TENCENT_SMS_TEMPLATE_PARAMS: 'code,minutes',
      TENCENT_SMS_API_BASE: `${smsUrl}/tencentcloud/sms`,
    }),
    codeIn: (message) => (message.params as string[])[0]!,
    rateLimit: { code: 'LimitExceeded.PhoneNumberThirtySecondLimit' },
    templateRefusal: 'FailedOperation.TemplateIncorrectOrUnapproved',
  },
  {
    name: 'aliyun',
    endpoint: '/aliyun/dysmsapi',
    config: (smsUrl, overrides = {}) => ({
      SMS_SENDER: 'aliyun',
      ALIYUN_SMS_ACCESS_KEY_ID: ALIYUN.accessKeyId,
      ALIYUN_SMS_ACCESS_KEY_SECRET: overrides.secret ?? ALIYUN.accessKeySecret,
      ALIYUN_SMS_SIGN_NAME: ALIYUN.signName,
      ALIYUN_SMS_TEMPLATE_CODE: ALIYUN.templateCode,
      ALIYUN_SMS_TEMPLATE_PARAMS: 'code=code,time=minutes',
      ALIYUN_SMS_API_BASE: `${smsUrl}/aliyun/dysmsapi`,
    }),
    codeIn: (message) => (message.params as Record<string, string>).code!,
    rateLimit: { code: 'isv.BUSINESS_LIMIT_CONTROL' },
    templateRefusal: 'isv.SMS_TEMPLATE_ILLEGAL',
  },
];

describe.each(providers)('SMS_SENDER=$name, end to end', (provider) => {
  let smsSandbox: RunningSandbox;
  let sms: SandboxControl;
  let kit: AccountsKit;

  beforeAll(async () => {
    smsSandbox = await startSandbox({ apps: { tencentSms: [TENCENT], aliyunSms: [ALIYUN] } });
    sms = createSandboxControl(smsSandbox.url);
    kit = await startAccountsKit(provider.config(smsSandbox.url));
  });
  afterAll(async () => {
    await kit?.close();
    await smsSandbox?.close();
  });
  beforeEach(() => sms.reset());

  async function signedInProof() {
    const { openid } = await kit.signIn(await kit.newWechatUser());
    return kit.proof(openid);
  }
  const sendCode = (proof: { openid: string; session_token: string }, mobile: string) =>
    kit.http.post('/accounts/send_verify_code').send({ auth_app_id: kit.appId, ...proof, mobile });

  it('sends a correctly signed request carrying the code, and that code binds the mobile', async () => {
    const proof = await signedInProof();
    const mobile = uniqueMobile();

    const sent = await sendCode(proof, mobile);
    expect(sent.status).toBe(200);
    expect(sent.body.data).toEqual({ expires_in: 300, resend_after: 60 });

    const { messages } = await sms.listSmsMessages(provider.name);
    expect(messages).toHaveLength(1);
    const [message] = messages;
    expect(message).toMatchObject({ mobile, signName: '绑定助手' });
    expect(provider.codeIn(message!)).toMatch(/^\d{6}$/);
    // The configured layout: the lifetime in minutes beside the code.
    expect(Object.values(message!.params)).toContain('5');
    // Nothing reached the loopback webhook of the kit: this sender alone delivered it.
    expect(kit.sms.attempted).toEqual([]);

    const bound = await kit.http.post('/accounts/wxa_bind_mobile').send({
      auth_app_id: kit.appId,
      ...proof,
      mobile,
      verify_code: provider.codeIn(message!),
    });
    expect(bound.status).toBe(200);
    expect(bound.body.data).toMatchObject({ mobile });
  });

  it('answers 429 when the provider throttles the number, and lets the user retry at once', async () => {
    const proof = await signedInProof();
    const mobile = uniqueMobile();
    await sms.addFault({ endpoint: provider.endpoint, kind: 'sms-error', ...provider.rateLimit });

    const throttled = await sendCode(proof, mobile);
    expect(throttled.status).toBe(429);
    expect(throttled.body).toEqual(accountsFailure(429, '短信发送过于频繁，请稍后再试'));
    expect(throttled.headers['retry-after']).toBe('60');
    expect((await sms.listSmsMessages()).messages).toEqual([]);

    // The refused send did not use up the resend interval: asking again goes out at once.
    const again = await sendCode(proof, mobile);
    expect(again.status).toBe(200);
    expect((await sms.listSmsMessages()).messages).toHaveLength(1);
  });

  it('answers 502 when the provider refuses the template', async () => {
    const proof = await signedInProof();
    await sms.addFault({
      endpoint: provider.endpoint,
      kind: 'sms-error',
      code: provider.templateRefusal,
    });
    const refused = await sendCode(proof, uniqueMobile());
    expect(refused.status).toBe(502);
    expect(refused.body).toEqual(accountsFailure(502, '短信发送失败，请稍后重试'));
  });

  it('answers 502 when the provider is down', async () => {
    const proof = await signedInProof();
    await sms.addFault({ endpoint: provider.endpoint, kind: 'http-status', status: 503 });
    const down = await sendCode(proof, uniqueMobile());
    expect(down.status).toBe(502);
    expect(down.body).toEqual(accountsFailure(502, '短信发送失败，请稍后重试'));
  });
});

describe.each(providers)('SMS_SENDER=$name with the wrong secret', (provider) => {
  let smsSandbox: RunningSandbox;
  let kit: AccountsKit;

  beforeAll(async () => {
    smsSandbox = await startSandbox({ apps: { tencentSms: [TENCENT], aliyunSms: [ALIYUN] } });
    kit = await startAccountsKit(provider.config(smsSandbox.url, { secret: 'not-the-secret' }));
  });
  afterAll(async () => {
    await kit?.close();
    await smsSandbox?.close();
  });

  it('is refused by the signature check: 502, nothing sent, the secret not in the log', async () => {
    const { openid } = await kit.signIn(await kit.newWechatUser());
    const response = await kit.http
      .post('/accounts/send_verify_code')
      .send({ auth_app_id: kit.appId, ...kit.proof(openid), mobile: uniqueMobile() });
    expect(response.status).toBe(502);
    expect(response.body).toEqual(accountsFailure(502, '短信发送失败，请稍后重试'));
    expect((await createSandboxControl(smsSandbox.url).listSmsMessages()).messages).toEqual([]);
    const log = kit.context.logLines.join('');
    expect(log).toMatch(/SignatureFailure|SignatureDoesNotMatch/);
    expect(log).not.toContain('not-the-secret');
  });
});
