import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Writable } from 'node:stream';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';

const KEY = randomBytes(32).toString('base64');
const JWT = randomBytes(48).toString('base64url');
/** What production needs before anything else can be judged. */
const PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://127.0.0.1/db',
  REDIS_URL: 'redis://127.0.0.1:6379',
  JWT_SECRET: JWT,
  DATA_KEY: KEY,
  SMS_SENDER: 'http',
  SMS_WEBHOOK_URL: 'https://sms.example.com/send',
};

/** An S3-compatible avatar bucket (Tencent COS's shape). */
const S3 = {
  AVATAR_STORAGE: 's3',
  AVATAR_S3_ENDPOINT: 'https://cos.ap-guangzhou.myqcloud.com',
  AVATAR_S3_REGION: 'ap-guangzhou',
  AVATAR_S3_BUCKET: 'avatars-1250000000',
  AVATAR_S3_ACCESS_KEY_ID: 'AKIDavatars',
  AVATAR_S3_SECRET_ACCESS_KEY: 'cos-secret-8',
};

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
  it('starts with no settings at all, on secrets of its own that it reports', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.nodeEnv).toBe('development');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
    expect(config.wechatApiBase).toBeUndefined();
    expect(config.dataKey).toHaveLength(32);
    expect(config.generatedSecrets).toEqual(['JWT_SECRET', 'DATA_KEY']);
    expect(config.jwtExpiresInSeconds).toBe(2592000);
    // Random, never a value written down anywhere: two loads share nothing.
    const other = loadConfig({});
    expect(other.jwtSecret).not.toBe(config.jwtSecret);
    expect(other.dataKey.equals(config.dataKey)).toBe(false);
    expect(config.jwtSecret).not.toBe('development-only-jwt-secret-do-not-use-in-production');
    expect(config.dataKey.equals(Buffer.alloc(32, 7))).toBe(false);
  });

  it('limits slow clients and connections, and serves /docs, by default', () => {
    const config = loadConfig({});
    expect(config.requestTimeoutMs).toBe(30000);
    expect(config.headersTimeoutMs).toBe(10000);
    expect(config.maxConnections).toBe(1000);
    expect(config.docsEnabled).toBe(true);
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
      JWT_SECRET: JWT,
      DATA_KEY: KEY,
      SMS_SENDER: 'http',
      SMS_WEBHOOK_URL: 'https://sms.example.com/send',
      REQUEST_TIMEOUT_MS: '20000',
      HEADERS_TIMEOUT_MS: '5000',
      MAX_CONNECTIONS: '50',
      DOCS_ENABLED: 'false',
    });
    expect(config.port).toBe(8080);
    expect(config.trustProxy).toBe(true);
    expect(config.wechatMiniprogramApps.map((app) => app.appId)).toEqual(['wx1', 'wx2']);
    expect(config.wechatWebApp?.redirectUri).toBe('http://localhost:3000/#/b');
    expect(config.dingtalkApp?.clientId).toBe('ding');
    expect(config.dataKey.equals(Buffer.from(KEY, 'base64'))).toBe(true);
    expect(config.generatedSecrets).toEqual([]);
    expect(config.jwtSecret).toBe(JWT);
    expect(config.requestTimeoutMs).toBe(20000);
    expect(config.headersTimeoutMs).toBe(5000);
    expect(config.maxConnections).toBe(50);
    expect(config.docsEnabled).toBe(false);
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
    ['DINGTALK_ALLOWED_CORP_IDS', { DINGTALK_ALLOWED_CORP_IDS: 'ding one,ding2' }],
    ['WECHAT_MP_APP', { WECHAT_MP_APP: '{"appId":"wx1","secret":"s"}' }],
    ['WECOM_APP', { WECOM_APP: '{"corpId":"ww1","secret":"s","redirectUri":"http://x/cb"}' }],
    ['WECOM_API_BASE', { WECOM_API_BASE: 'ftp://example.com' }],
    ['JWT_SECRET', { JWT_SECRET: 'short' }],
    ['DATA_KEY', { DATA_KEY: Buffer.alloc(16).toString('base64') }],
    ['DATA_KEY', { DATA_KEY: 'not base64!' }],
    ['SMS_SENDER', { SMS_SENDER: 'pigeon' }],
    ['SMS_WEBHOOK_URL', { SMS_SENDER: 'http' }],
    ['SMTP_URL', { SMTP_URL: 'http://mail' }],
    ['REQUEST_TIMEOUT_MS', { REQUEST_TIMEOUT_MS: '0' }],
    ['HEADERS_TIMEOUT_MS', { REQUEST_TIMEOUT_MS: '5000', HEADERS_TIMEOUT_MS: '6000' }],
    ['MAX_CONNECTIONS', { MAX_CONNECTIONS: '0' }],
    ['DOCS_ENABLED', { DOCS_ENABLED: 'maybe' }],
    ['AVATAR_STORAGE', { AVATAR_STORAGE: 'ftp' }],
    ['AVATAR_S3_ENDPOINT', { ...S3, AVATAR_S3_ENDPOINT: 'ftp://cos.example.com' }],
    ['AVATAR_S3_REGION', { ...S3, AVATAR_S3_REGION: 'Guangzhou' }],
    ['AVATAR_S3_BUCKET', { ...S3, AVATAR_S3_BUCKET: 'Avatars_Bucket' }],
    ['AVATAR_S3_BUCKET', { ...S3, AVATAR_S3_BUCKET: undefined }],
    ['AVATAR_S3_ACCESS_KEY_ID', { ...S3, AVATAR_S3_ACCESS_KEY_ID: undefined }],
    ['AVATAR_S3_SECRET_ACCESS_KEY', { ...S3, AVATAR_S3_SECRET_ACCESS_KEY: undefined }],
    ['AVATAR_S3_FORCE_PATH_STYLE', { ...S3, AVATAR_S3_FORCE_PATH_STYLE: 'sometimes' }],
    ['AVATAR_PUBLIC_BASE_URL', { ...S3, AVATAR_PUBLIC_BASE_URL: 'cdn.example.com' }],
    ['AVATAR_PUBLIC_BASE_URL', { AVATAR_PUBLIC_BASE_URL: 'https://cdn.example.com' }],
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

  it('refuses production without the real store, cache, secrets and SMS sender', () => {
    const problems = problemsOf({ NODE_ENV: 'production' }).join('\n');
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'JWT_SECRET', 'DATA_KEY', 'SMS_SENDER']) {
      expect(problems).toMatch(new RegExp(`${name} is required`));
    }
  });

  it.each([
    [
      'JWT_SECRET',
      'the former development default',
      'development-only-jwt-secret-do-not-use-in-production',
    ],
    ['JWT_SECRET', 'the test suite’s', 'test-jwt-secret-that-is-at-least-32-characters'],
    ['JWT_SECRET', 'one character repeated', 'y'.repeat(40)],
    ['DATA_KEY', 'the former development default', Buffer.alloc(32, 7).toString('base64')],
    ['DATA_KEY', 'the test suite’s', Buffer.alloc(32, 42).toString('base64')],
  ])('refuses production with a published %s (%s), naming it', (name, _which, value) => {
    const problems = problemsOf({ ...PRODUCTION, [name]: value });
    expect(problems).toEqual([
      `${name} is a published development or example value; production needs its own random secret`,
    ]);
  });

  it('refuses production with SMS_SENDER=console, which prints the codes, naming it', () => {
    expect(problemsOf({ ...PRODUCTION, SMS_SENDER: 'console' })).toEqual([
      'SMS_SENDER=console writes verification codes to stdout; production needs a real sender',
    ]);
  });

  it('serves /docs in production only when asked to', () => {
    expect(loadConfig(PRODUCTION).docsEnabled).toBe(false);
    expect(loadConfig({ ...PRODUCTION, DOCS_ENABLED: 'true' }).docsEnabled).toBe(true);
  });

  it('points production at the real WeChat and DingTalk hosts by default', () => {
    const config = loadConfig(PRODUCTION);
    expect(config.wechatApiBase).toBe('https://api.weixin.qq.com');
    expect(config.dingtalkApiBase).toBe('https://api.dingtalk.com');
    expect(config.wechatConnectBase).toBe('https://open.weixin.qq.com');
    expect(config.dingtalkLoginBase).toBe('https://login.dingtalk.com');
    expect(config.wecomLoginBase).toBe('https://login.work.weixin.qq.com');
    expect(config.wecomApiBase).toBe('https://qyapi.weixin.qq.com');
  });

  it('reads the official account, the WeCom app and the allowed DingTalk organisations', () => {
    const config = loadConfig({
      WECHAT_MP_APP: '{"appId":"wxmp","secret":"s","redirectUri":"http://localhost/#/mp"}',
      WECOM_APP:
        '{"corpId":"ww1","agentId":1000002,"secret":"s","redirectUri":"http://localhost/#/w"}',
      DINGTALK_ALLOWED_CORP_IDS: ' dingA, dingB ,',
    });
    expect(config.wechatMpApp?.appId).toBe('wxmp');
    expect(config.wecomApp).toMatchObject({ corpId: 'ww1', agentId: '1000002' });
    expect(config.dingtalkAllowedCorpIds).toEqual(['dingA', 'dingB']);
    expect(loadConfig({}).dingtalkAllowedCorpIds).toBeUndefined();
  });

  it('keeps avatars on disk under the data folder without a database, in the database with one', () => {
    const embedded = loadConfig({});
    expect(embedded.avatars).toEqual({
      storage: 'disk',
      dir: path.resolve(__dirname, '../../../.data/avatars'),
      s3: undefined,
    });
    expect(loadConfig({ AVATAR_DIR: 'some/where' }).avatars.dir).toBe(path.resolve('some/where'));
    expect(loadConfig({ DATABASE_URL: 'postgres://127.0.0.1/db' }).avatars.storage).toBe(
      'database',
    );
    expect(loadConfig(PRODUCTION).avatars.storage).toBe('database');
    expect(loadConfig({ ...PRODUCTION, AVATAR_STORAGE: 'disk' }).avatars.storage).toBe('disk');
  });

  it('reads an S3-compatible bucket, virtual-hosted unless told otherwise', () => {
    const { avatars } = loadConfig({ ...S3, AVATAR_PUBLIC_BASE_URL: 'https://cdn.example.com/a/' });
    expect(avatars).toMatchObject({
      storage: 's3',
      s3: {
        endpoint: 'https://cos.ap-guangzhou.myqcloud.com',
        region: 'ap-guangzhou',
        bucket: 'avatars-1250000000',
        accessKeyId: 'AKIDavatars',
        secretKey: 'cos-secret-8',
        forcePathStyle: false,
        publicBaseUrl: 'https://cdn.example.com/a',
      },
    });
    const minio = loadConfig({
      ...S3,
      AVATAR_S3_ENDPOINT: 'http://127.0.0.1:9000',
      AVATAR_S3_REGION: undefined,
      AVATAR_S3_FORCE_PATH_STYLE: 'true',
    }).avatars.s3;
    expect(minio).toMatchObject({ region: 'us-east-1', forcePathStyle: true });
    expect(minio?.publicBaseUrl).toBeUndefined();
  });

  it('never logs the S3 secret access key', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, callback) {
        lines.push(String(chunk));
        callback();
      },
    });
    const { avatars } = loadConfig(S3);
    createLogger({ level: 'info', destination }).info({ avatarS3: avatars.s3 }, 'settings');
    expect(lines.join('')).not.toContain('cos-secret-8');
    expect(lines.join('')).toContain('AKIDavatars');
  });
});
