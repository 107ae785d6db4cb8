import type { RunningSandbox, SandboxControl } from '@wechat-bind/wechat-sandbox';
import { createSandboxControl, startSandbox } from '@wechat-bind/wechat-sandbox';
import type { TencentSmsSettings } from '../../config';
import { UpstreamError } from '../http/upstream-error';
import { SmsProviderError, isSmsRateLimited } from './sms-provider-error';
import { createTencentSmsSender } from './tencent-sms-sender';

const ACCOUNT = {
  secretId: 'AKIDtencentsendertest',
  secretKey: 'tencent-sender-secret-key',
  sdkAppId: '1400009999',
  signName: '绑定助手',
  templateId: '2001',
};

describe('createTencentSmsSender, against the sandbox stand-in', () => {
  let sandbox: RunningSandbox;
  let control: SandboxControl;
  let settings: TencentSmsSettings;

  beforeAll(async () => {
    sandbox = await startSandbox({ apps: { tencentSms: [ACCOUNT] } });
    control = createSandboxControl(sandbox.url);
    settings = {
      ...ACCOUNT,
      region: 'ap-guangzhou',
      templateParams: ['code', 'minutes'],
      apiBase: `${sandbox.url}/tencentcloud/sms`,
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
    await createTencentSmsSender({ settings }).sendVerificationCode(message);
    expect((await control.listSmsMessages()).messages).toEqual([
      expect.objectContaining({
        provider: 'tencent',
        account: ACCOUNT.secretId,
        phoneNumber: '+8613800138000',
        signName: '绑定助手',
        template: '2001',
        params: ['042917', '5'],
      }),
    ]);
  });

  it('is refused with a wrong key: a failure (502), not a rate limit, naming no secret', async () => {
    const error = await failure(
      createTencentSmsSender({
        settings: { ...settings, secretKey: 'not-the-key' },
      }).sendVerificationCode(message),
    );
    expect(error).toBeInstanceOf(SmsProviderError);
    expect(error).toMatchObject({
      service: 'sms',
      failure: 'api_error',
      code: 'AuthFailure.SignatureFailure',
      rateLimited: false,
    });
    expect(error.message).not.toContain('not-the-key');
    expect(error.message).not.toContain(message.code);
    expect((await control.listSmsMessages()).messages).toEqual([]);
  });

  it('reports an unapproved template as a failure', async () => {
    const error = await failure(
      createTencentSmsSender({ settings: { ...settings, templateId: '9' } }).sendVerificationCode(
        message,
      ),
    );
    expect(error).toMatchObject({ code: 'FailedOperation.TemplateIncorrectOrUnapproved' });
    expect(isSmsRateLimited(error)).toBe(false);
  });

  it.each(['LimitExceeded.PhoneNumberThirtySecondLimit', 'RequestLimitExceeded'])(
    'reports %s as the provider rate-limiting',
    async (code) => {
      await control.addFault({ endpoint: '/tencentcloud/sms', kind: 'sms-error', code });
      const error = await failure(
        createTencentSmsSender({ settings }).sendVerificationCode(message),
      );
      expect(error).toMatchObject({ code, rateLimited: true });
      expect(isSmsRateLimited(error)).toBe(true);
    },
  );

  it.each([
    ['an HTTP 502', { kind: 'http-status' as const, status: 502 }],
    ['a non-JSON 200', { kind: 'garbage' as const }],
  ])('treats %s as a bad response', async (_what, fault) => {
    await control.addFault({ endpoint: '/tencentcloud/sms', ...fault });
    const error = await failure(createTencentSmsSender({ settings }).sendVerificationCode(message));
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ service: 'sms', failure: 'bad_response' });
    expect(isSmsRateLimited(error)).toBe(false);
  });

  it('gives up at the deadline', async () => {
    await control.addFault({ endpoint: '/tencentcloud/sms', kind: 'delay', delayMs: 2_000 });
    const error = await failure(
      createTencentSmsSender({ settings, timeoutMs: 200 }).sendVerificationCode(message),
    );
    expect(error).toMatchObject({ service: 'sms', failure: 'timeout' });
  });

  it('signs with the time it sends at: a clock 10 minutes off is refused as expired', async () => {
    const error = await failure(
      createTencentSmsSender({ settings, now: () => Date.now() - 600_000 }).sendVerificationCode(
        message,
      ),
    );
    expect(error).toMatchObject({ code: 'AuthFailure.SignatureExpire' });
  });
});
