import { ConfigError, loadConfig } from '../../config';
import { createSmsSender } from './create-sms-sender';

/** The cloud SMS settings (config.ts): required with their sender, named when wrong. */
const TENCENT = {
  SMS_SENDER: 'tencent',
  TENCENT_SMS_SECRET_ID: 'AKIDconfigtest',
  TENCENT_SMS_SECRET_KEY: 'config-test-key',
  TENCENT_SMS_SDK_APP_ID: '1400000000',
  TENCENT_SMS_SIGN_NAME: '绑定助手',
  TENCENT_SMS_TEMPLATE_ID: '100',
};
const ALIYUN = {
  SMS_SENDER: 'aliyun',
  ALIYUN_SMS_ACCESS_KEY_ID: 'LTAIconfigtest',
  ALIYUN_SMS_ACCESS_KEY_SECRET: 'config-test-secret',
  ALIYUN_SMS_SIGN_NAME: '绑定助手',
  ALIYUN_SMS_TEMPLATE_CODE: 'SMS_100',
};

const PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://u@db/x',
  REDIS_URL: 'redis://cache',
  JWT_SECRET: 'a-production-jwt-secret-of-at-least-32-chars-0123',
  DATA_KEY: Buffer.from(Array.from({ length: 32 }, (_, i) => i)).toString('base64'),
};

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('SMS_SENDER=tencent settings', () => {
  it('reads them, with the real host, Guangzhou and the code alone by default', () => {
    const config = loadConfig(TENCENT);
    expect(config.smsTencent).toEqual({
      secretId: 'AKIDconfigtest',
      secretKey: 'config-test-key',
      sdkAppId: '1400000000',
      region: 'ap-guangzhou',
      signName: '绑定助手',
      templateId: '100',
      templateParams: ['code'],
      apiBase: 'https://sms.tencentcloudapi.com',
    });
    expect(config.smsAliyun).toBeUndefined();
    expect(createSmsSender(config)).toHaveProperty('sendVerificationCode');
  });

  it('reads a template layout, a region and a base URL', () => {
    const config = loadConfig({
      ...TENCENT,
      TENCENT_SMS_TEMPLATE_PARAMS: 'code, minutes',
      TENCENT_SMS_REGION: 'ap-beijing',
      TENCENT_SMS_API_BASE: 'http://127.0.0.1:4100/tencentcloud/sms',
    });
    expect(config.smsTencent).toMatchObject({
      templateParams: ['code', 'minutes'],
      region: 'ap-beijing',
      apiBase: 'http://127.0.0.1:4100/tencentcloud/sms',
    });
  });

  it('names every missing setting', () => {
    expect(problemsOf({ SMS_SENDER: 'tencent' })).toEqual([
      'TENCENT_SMS_SECRET_ID is required',
      'TENCENT_SMS_SECRET_KEY is required',
      'TENCENT_SMS_SDK_APP_ID is required',
      'TENCENT_SMS_SIGN_NAME is required',
      'TENCENT_SMS_TEMPLATE_ID is required',
    ]);
  });

  it.each([
    ['TENCENT_SMS_SDK_APP_ID', { TENCENT_SMS_SDK_APP_ID: 'app' }],
    ['TENCENT_SMS_TEMPLATE_ID', { TENCENT_SMS_TEMPLATE_ID: 'SMS_1' }],
    ['TENCENT_SMS_TEMPLATE_PARAMS', { TENCENT_SMS_TEMPLATE_PARAMS: 'code,hours' }],
    ['TENCENT_SMS_REGION', { TENCENT_SMS_REGION: 'Guangzhou' }],
    ['TENCENT_SMS_API_BASE', { TENCENT_SMS_API_BASE: 'ftp://sms.example.com' }],
  ])('refuses a bad %s, naming it', (name, override) => {
    const problems = problemsOf({ ...TENCENT, ...override });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(name);
  });

  it('is a real sender: production accepts it, over https only', () => {
    expect(problemsOf({ ...TENCENT, ...PRODUCTION })).toEqual([]);
    expect(
      problemsOf({ ...TENCENT, ...PRODUCTION, TENCENT_SMS_API_BASE: 'http://sms.internal' }),
    ).toEqual(['TENCENT_SMS_API_BASE must be https in production: the request carries the code']);
    expect(
      problemsOf({ ...ALIYUN, ...PRODUCTION, ALIYUN_SMS_API_BASE: 'http://sms.internal' }),
    ).toEqual(['ALIYUN_SMS_API_BASE must be https in production: the request carries the code']);
    // Outside production the sandbox on loopback is plain http.
    expect(problemsOf({ ...TENCENT, TENCENT_SMS_API_BASE: 'http://127.0.0.1:4100' })).toEqual([]);
  });
});

describe('SMS_SENDER=aliyun settings', () => {
  it('reads them, with the real host, Hangzhou and `code=code` by default', () => {
    const config = loadConfig(ALIYUN);
    expect(config.smsAliyun).toEqual({
      accessKeyId: 'LTAIconfigtest',
      accessKeySecret: 'config-test-secret',
      region: 'cn-hangzhou',
      signName: '绑定助手',
      templateCode: 'SMS_100',
      templateParams: [{ name: 'code', value: 'code' }],
      apiBase: 'https://dysmsapi.aliyuncs.com',
    });
    expect(config.smsTencent).toBeUndefined();
    expect(createSmsSender(config)).toHaveProperty('sendVerificationCode');
  });

  it('reads a named template layout', () => {
    expect(
      loadConfig({ ...ALIYUN, ALIYUN_SMS_TEMPLATE_PARAMS: 'code=code, time=minutes' }).smsAliyun
        ?.templateParams,
    ).toEqual([
      { name: 'code', value: 'code' },
      { name: 'time', value: 'minutes' },
    ]);
  });

  it('names every missing setting', () => {
    expect(problemsOf({ SMS_SENDER: 'aliyun' })).toEqual([
      'ALIYUN_SMS_ACCESS_KEY_ID is required',
      'ALIYUN_SMS_ACCESS_KEY_SECRET is required',
      'ALIYUN_SMS_SIGN_NAME is required',
      'ALIYUN_SMS_TEMPLATE_CODE is required',
    ]);
  });

  it.each(['code', 'code=hours', 'code=code,code=minutes', '=code'])(
    'refuses the layout %p, naming ALIYUN_SMS_TEMPLATE_PARAMS',
    (layout) => {
      const problems = problemsOf({ ...ALIYUN, ALIYUN_SMS_TEMPLATE_PARAMS: layout });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^ALIYUN_SMS_TEMPLATE_PARAMS: /);
    },
  );
});

it('asks for no cloud setting with another sender', () => {
  expect(problemsOf({ SMS_SENDER: 'console' })).toEqual([]);
  expect(loadConfig({}).smsTencent).toBeUndefined();
});
