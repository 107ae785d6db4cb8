import { ConfigError, loadConfig } from '../../config';
import { startupWarnings } from '../../runtime/startup-warnings';

describe('mini-program settings', () => {
  it('default to the limits docs/mini-program.md describes', () => {
    expect(loadConfig({}).miniProgram).toEqual({
      bindProof: 'session_token',
      sessionTtlSeconds: 1800,
      verifyCodeTtlSeconds: 300,
      verifyCodeMaxAttempts: 5,
      smsResendIntervalSeconds: 60,
      smsDailyLimitPerOpenidMobile: 10,
      smsDailyLimitPerMobile: 30,
      smsHourlyLimitPerRequester: 5,
      smsHourlyLimitPerIp: 20,
      bindHourlyLimitPerIp: 60,
      sessionFailuresHourlyPerIp: 30,
      appsRefreshSeconds: 30,
    });
  });

  it('read every variable', () => {
    const settings = loadConfig({
      WXA_BIND_PROOF: 'openid',
      WXA_SESSION_TTL: '600',
      VERIFY_CODE_TTL: '120',
      VERIFY_CODE_MAX_ATTEMPTS: '3',
      SMS_RESEND_INTERVAL: '90',
      SMS_DAILY_LIMIT_PER_OPENID_MOBILE: '4',
      SMS_DAILY_LIMIT_PER_MOBILE: '5',
      SMS_HOURLY_LIMIT_PER_REQUESTER: '6',
      SMS_HOURLY_LIMIT_PER_IP: '50',
      WXA_BIND_HOURLY_LIMIT_PER_IP: '100',
      WXA_SESSION_FAILURES_PER_IP: '7',
      WXA_APPS_REFRESH: '5',
    }).miniProgram;
    expect(settings).toEqual({
      bindProof: 'openid',
      sessionTtlSeconds: 600,
      verifyCodeTtlSeconds: 120,
      verifyCodeMaxAttempts: 3,
      smsResendIntervalSeconds: 90,
      smsDailyLimitPerOpenidMobile: 4,
      smsDailyLimitPerMobile: 5,
      smsHourlyLimitPerRequester: 6,
      smsHourlyLimitPerIp: 50,
      bindHourlyLimitPerIp: 100,
      sessionFailuresHourlyPerIp: 7,
      appsRefreshSeconds: 5,
    });
  });

  it.each([
    ['WXA_BIND_PROOF', 'none'],
    ['WXA_SESSION_TTL', '30'],
    ['VERIFY_CODE_TTL', '0'],
    ['VERIFY_CODE_TTL', '7200'],
    ['VERIFY_CODE_MAX_ATTEMPTS', '0'],
    ['SMS_RESEND_INTERVAL', 'soon'],
    ['SMS_DAILY_LIMIT_PER_OPENID_MOBILE', '0'],
    ['SMS_DAILY_LIMIT_PER_MOBILE', '-1'],
    ['SMS_HOURLY_LIMIT_PER_REQUESTER', 'many'],
    ['SMS_HOURLY_LIMIT_PER_IP', '1.5'],
    ['WXA_BIND_HOURLY_LIMIT_PER_IP', '0'],
    ['WXA_SESSION_FAILURES_PER_IP', '0'],
    ['WXA_APPS_REFRESH', '0'],
    ['WXA_APPS_REFRESH', '7200'],
    ['WECHAT_MINIPROGRAM_APPS', '[{"appId":"wx app","secret":"s"}]'],
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

  it('warn at every start while WXA_BIND_PROOF=openid relaxes the proof, and not by default', () => {
    const warning = expect.stringMatching(/^WXA_BIND_PROOF=openid is on: .*unsafe/);
    expect(startupWarnings(loadConfig({ WXA_BIND_PROOF: 'openid' }))).toContainEqual(warning);
    expect(startupWarnings(loadConfig({}))).not.toContainEqual(warning);
  });
});
