import { ConfigError, loadConfig } from './config';

const KEY = Buffer.alloc(32, 1).toString('base64');

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected loadConfig to fail');
}

describe('loadConfig', () => {
  it('starts with no settings at all, on development defaults it reports', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.nodeEnv).toBe('development');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
    expect(config.wechatApiBase).toBeUndefined();
    expect(config.dataKey).toHaveLength(32);
    expect(config.developmentDefaults).toEqual(['JWT_SECRET', 'DATA_KEY']);
    expect(config.jwtExpiresInSeconds).toBe(2592000);
  });

  it('reads and types every setting', () => {
    const config = loadConfig({
      PORT: '8080',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      TRUST_PROXY: 'true',
      DATABASE_URL: 'postgres://u@127.0.0.1:5432/db',
      REDIS_URL: 'redis://127.0.0.1:6379/0',
      WECHAT_API_BASE: 'http://127.0.0.1:4100',
      WECHAT_MINIPROGRAM_APPS: '[{"appId":"wx1","secret":"s1"},{"appId":"wx2","secret":"s2"}]',
      WECHAT_WEB_APP: '{"appId":"wxweb","secret":"s","redirectUri":"http://localhost:3000/#/b"}',
      DINGTALK_APP: '{"clientId":"ding","clientSecret":"s","redirectUri":"http://localhost/cb"}',
      JWT_SECRET: 'x'.repeat(32),
      DATA_KEY: KEY,
      SMS_SENDER: 'http',
      SMS_WEBHOOK_URL: 'https://sms.example.com/send',
    });
    expect(config.port).toBe(8080);
    expect(config.trustProxy).toBe(true);
    expect(config.wechatMiniprogramApps.map((app) => app.appId)).toEqual(['wx1', 'wx2']);
    expect(config.wechatWebApp?.redirectUri).toBe('http://localhost:3000/#/b');
    expect(config.dingtalkApp?.clientId).toBe('ding');
    expect(config.dataKey.equals(Buffer.from(KEY, 'base64'))).toBe(true);
    expect(config.developmentDefaults).toEqual([]);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }).port).toBe(3000);
  });

  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '70000' }],
    ['NODE_ENV', { NODE_ENV: 'staging' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://localhost/db' }],
    ['REDIS_URL', { REDIS_URL: 'not a url' }],
    ['WECHAT_API_BASE', { WECHAT_API_BASE: 'ftp://example.com' }],
    ['WECHAT_MINIPROGRAM_APPS', { WECHAT_MINIPROGRAM_APPS: '[{"appId":"wx1"' }],
    ['WECHAT_MINIPROGRAM_APPS', { WECHAT_MINIPROGRAM_APPS: '[{"appId":"wx1"}]' }],
    ['WECHAT_MOBILE_APP', { WECHAT_MOBILE_APP: '{"appId":"wx1","secret":""}' }],
    ['WECHAT_WEB_APP', { WECHAT_WEB_APP: '{"appId":"wx1","secret":"s"}' }],
    ['DINGTALK_APP', { DINGTALK_APP: '{"clientId":"d"}' }],
    ['JWT_SECRET', { JWT_SECRET: 'short' }],
    ['DATA_KEY', { DATA_KEY: Buffer.alloc(16).toString('base64') }],
    ['DATA_KEY', { DATA_KEY: 'not base64!' }],
    ['SMS_SENDER', { SMS_SENDER: 'pigeon' }],
    ['SMS_WEBHOOK_URL', { SMS_SENDER: 'http' }],
    ['SMTP_URL', { SMTP_URL: 'http://mail' }],
  ])('names %s when it is wrong', (name, env) => {
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name} `));
  });

  it('lists every bad variable at once', () => {
    const problems = problemsOf({ PORT: 'x', LOG_LEVEL: 'y' });
    expect(problems.join('\n')).toMatch(/PORT/);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL/);
  });

  it('refuses production without the real store, cache and secrets', () => {
    const problems = problemsOf({ NODE_ENV: 'production' }).join('\n');
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'JWT_SECRET', 'DATA_KEY']) {
      expect(problems).toMatch(new RegExp(`${name} is required`));
    }
  });

  it('points production at the real WeChat and DingTalk hosts by default', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://127.0.0.1/db',
      REDIS_URL: 'redis://127.0.0.1:6379',
      JWT_SECRET: 'y'.repeat(40),
      DATA_KEY: KEY,
    });
    expect(config.wechatApiBase).toBe('https://api.weixin.qq.com');
    expect(config.dingtalkApiBase).toBe('https://api.dingtalk.com');
    expect(config.wechatConnectBase).toBe('https://open.weixin.qq.com');
    expect(config.dingtalkLoginBase).toBe('https://login.dingtalk.com');
  });
});
