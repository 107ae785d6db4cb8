import { ConfigError, loadConfig } from '../../config';

describe('mini-program settings', () => {
  it('default to the limits docs/mini-program.md describes', () => {
    expect(loadConfig({}).miniProgram).toEqual({
      sessionTtlSeconds: 1800,
      verifyCodeTtlSeconds: 300,
      verifyCodeMaxAttempts: 5,
      smsResendIntervalSeconds: 60,
      smsDailyLimitPerMobile: 10,
      smsHourlyLimitPerIp: 20,
      bindHourlyLimitPerIp: 60,
    });
  });

  it('read every variable', () => {
    const settings = loadConfig({
      WXA_SESSION_TTL: '600',
      VERIFY_CODE_TTL: '120',
      VERIFY_CODE_MAX_ATTEMPTS: '3',
      SMS_RESEND_INTERVAL: '90',
      SMS_DAILY_LIMIT_PER_MOBILE: '5',
      SMS_HOURLY_LIMIT_PER_IP: '50',
      WXA_BIND_HOURLY_LIMIT_PER_IP: '100',
    }).miniProgram;
    expect(settings).toEqual({
      sessionTtlSeconds: 600,
      verifyCodeTtlSeconds: 120,
      verifyCodeMaxAttempts: 3,
      smsResendIntervalSeconds: 90,
      smsDailyLimitPerMobile: 5,
      smsHourlyLimitPerIp: 50,
      bindHourlyLimitPerIp: 100,
    });
  });

  it.each([
    ['WXA_SESSION_TTL', '30'],
    ['VERIFY_CODE_TTL', '0'],
    ['VERIFY_CODE_TTL', '7200'],
    ['VERIFY_CODE_MAX_ATTEMPTS', '0'],
    ['SMS_RESEND_INTERVAL', 'soon'],
    ['SMS_DAILY_LIMIT_PER_MOBILE', '-1'],
    ['SMS_HOURLY_LIMIT_PER_IP', '1.5'],
    ['WXA_BIND_HOURLY_LIMIT_PER_IP', '0'],
  ])('refuse %s=%s, naming it', (name, value) => {
    let problems: string[] = [];
    try {
      loadConfig({ [name]: value });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems = error.problems;
    }
    expect(problems.join('\n')).toContain(name);
  });
});
