import type { RunningSandbox, SandboxControl } from '@wechat-bind/wechat-sandbox';
import { createSandboxControl, startSandbox } from '@wechat-bind/wechat-sandbox';
import type { AliyunSmsSettings } from '../../config';
import type { UpstreamError } from '../http/upstream-error';
import { createAliyunSmsSender } from './aliyun-sms-sender';
import { SmsProviderError, isSmsRateLimited } from './sms-provider-error';

const ACCOUNT = {
  accessKeyId: 'LTAIaliyunsendertest',
  accessKeySecret: 'aliyun-sender-secret',
  signName: '绑定助手',
  templateCode: 'SMS_2001',
};

describe('createAliyunSmsSender, against the sandbox stand-in', () => {
  let sandbox: RunningSandbox;
  let control: SandboxControl;
  let settings: AliyunSmsSettings;

  beforeAll(async () => {
    sandbox = await startSandbox({ apps: { aliyunSms: [ACCOUNT] } });
    control = createSandboxControl(sandbox.url);
    settings = {
      ...ACCOUNT,
      region: 'cn-hangzhou',
      templateParams: [
        { name: 'code', value: 'code' },
        { name: 'ttl', value: 'minutes' },
      ],
      apiBase: `${sandbox.url}/aliyun/dysmsapi`,
    };
  });
  afterAll(() => sandbox.close());
  beforeEach(() => control.reset());

  const message = { mobile: '13800138000', code: '042917', expiresIn: 300 };
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected a failure');
      },
      (error: unknown) => error as UpstreamError,
    );

  it('sends a correctly signed SendSms with the configured sign name, template and layout', async () => {
    await createAliyunSmsSender({ settings }).sendVerificationCode(message);
    expect((await control.listSmsMessages()).messages).toEqual([
      expect.objectContaining({
        provider: 'aliyun',
        account: ACCOUNT.accessKeyId,
        phoneNumber: '13800138000',
        signName: '绑定助手',
        template: 'SMS_2001',
        params: { code: '042917', ttl: '5' },
      }),
    ]);
  });

  it('uses a fresh nonce each time: two sends in the same second both go out', async () => {
    const live = createAliyunSmsSender({ settings });
    await live.sendVerificationCode(message);
    await live.sendVerificationCode(message);
    expect((await control.listSmsMessages()).messages).toHaveLength(2);
  });

  it('is refused with a wrong secret: a failure (502), naming no secret', async () => {
    const error = await failure(
      createAliyunSmsSender({
        settings: { ...settings, accessKeySecret: 'not-the-secret' },
      }).sendVerificationCode(message),
    );
    expect(error).toBeInstanceOf(SmsProviderError);
    expect(error).toMatchObject({
      failure: 'api_error',
      code: 'SignatureDoesNotMatch',
      httpStatus: 400,
      rateLimited: false,
    });
    expect(error.message).not.toContain('not-the-secret');
    expect(error.message).not.toContain(message.code);
  });

  it('reports an unapproved sign name as a failure', async () => {
    const error = await failure(
      createAliyunSmsSender({ settings: { ...settings, signName: '别的' } }).sendVerificationCode(
        message,
      ),
    );
    expect(error).toMatchObject({ code: 'isv.SMS_SIGNATURE_ILLEGAL', rateLimited: false });
  });

  it.each([
    ['isv.BUSINESS_LIMIT_CONTROL', undefined],
    ['isv.DAY_LIMIT_CONTROL', undefined],
    ['Throttling.User', 400],
  ])('reports %s as the provider rate-limiting', async (code, status) => {
    await control.addFault({ endpoint: '/aliyun/dysmsapi', kind: 'sms-error', code, status });
    const error = await failure(createAliyunSmsSender({ settings }).sendVerificationCode(message));
    expect(error).toMatchObject({ code, rateLimited: true });
    expect(isSmsRateLimited(error)).toBe(true);
  });

  it.each([
    ['an HTTP 503', { kind: 'http-status' as const, status: 503 }],
    ['a non-JSON 200', { kind: 'garbage' as const }],
    [
      'isp.SYSTEM_ERROR with a 500',
      { kind: 'sms-error' as const, code: 'isp.SYSTEM_ERROR', status: 500 },
    ],
  ])('treats %s as a bad response', async (_what, fault) => {
    await control.addFault({ endpoint: '/aliyun/dysmsapi', ...fault });
    const error = await failure(createAliyunSmsSender({ settings }).sendVerificationCode(message));
    expect(error).toMatchObject({ service: 'sms', failure: 'bad_response' });
    expect(isSmsRateLimited(error)).toBe(false);
  });

  it('signs with the time it sends at: a clock 20 minutes off is refused as expired', async () => {
    const error = await failure(
      createAliyunSmsSender({ settings, now: () => Date.now() - 1_200_000 }).sendVerificationCode(
        message,
      ),
    );
    expect(error).toMatchObject({ code: 'InvalidTimeStamp.Expired', rateLimited: false });
  });

  it('fails when nothing listens', async () => {
    const error = await failure(
      createAliyunSmsSender({
        settings: { ...settings, apiBase: 'http://127.0.0.1:9' },
      }).sendVerificationCode(message),
    );
    expect(error).toMatchObject({ service: 'sms', failure: 'network' });
  });
});
