import Joi from 'joi';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { addToBlockList } from './metrics/ip-ranges';
import type { RedisTopology } from './redis/redis-settings';
import {
  redisTopologyOf,
  redisTopologyProblems,
  redisTopologySchema,
} from './redis/redis-settings';
import type { NamedTemplateParam, SmsTemplateValue } from './providers/sms/sms-template-params';
import { parseNamedParams, parsePositionalParams } from './providers/sms/sms-template-params';

/** Where embedded PostgreSQL keeps its files unless PGLITE_DATA_DIR says otherwise: `<repo>/.data/pglite`. */
const defaultDataDir = path.resolve(__dirname, '../../../.data/pglite');
/** Where avatars are kept on disk unless AVATAR_DIR says otherwise: `<repo>/.data/avatars`. */
const defaultAvatarDir = path.resolve(__dirname, '../../../.data/avatars');
/** The account settings page as `npm run build --workspace @wechat-bind/web` writes it. */
const defaultWebDistDir = path.resolve(__dirname, '../../web/dist');

export interface MiniProgramApp {
  appId: string;
  secret: string;
}
export interface WechatWebApp extends MiniProgramApp {
  redirectUri: string;
}
export interface DingtalkApp {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}
/** A WeCom (企业微信) self-built app: its corp, its agent and the agent's secret. */
export interface WecomApp {
  corpId: string;
  agentId: string;
  secret: string;
  redirectUri: string;
}

export type SmsSenderKind = 'console' | 'http' | 'tencent' | 'aliyun';

/** SMS_SENDER=tencent: Tencent Cloud SMS (docs/configuration.md, docs/deployment.md). */
export interface TencentSmsSettings {
  secretId: string;
  secretKey: string;
  sdkAppId: string;
  region: string;
  signName: string;
  templateId: string;
  /** TemplateParamSet, in the template's order. */
  templateParams: SmsTemplateValue[];
  /** https://sms.tencentcloudapi.com; tests point it at the sandbox. */
  apiBase: string;
}

/** SMS_SENDER=aliyun: Alibaba Cloud SMS (Dysmsapi). */
export interface AliyunSmsSettings {
  accessKeyId: string;
  accessKeySecret: string;
  region: string;
  signName: string;
  templateCode: string;
  /** TemplateParam's variables. */
  templateParams: NamedTemplateParam[];
  /** https://dysmsapi.aliyuncs.com; tests point it at the sandbox. */
  apiBase: string;
}

/** Every duration in seconds; docs/mini-program.md explains each limit. */
export interface MiniProgramSettings {
  /**
   * What send_verify_code and wxa_bind_mobile accept as proof of the sign-in: the session_token
   * wxa_authorize returned, or (unsafe, for old clients only) the openid alone.
   */
  bindProof: WxaBindProof;
  sessionTtlSeconds: number;
  verifyCodeTtlSeconds: number;
  verifyCodeMaxAttempts: number;
  /** Per openid + mobile. */
  smsResendIntervalSeconds: number;
  /** Per openid + mobile. */
  smsDailyLimitPerOpenidMobile: number;
  /** Per mobile, whoever asks: the global ceiling. */
  smsDailyLimitPerMobile: number;
  /** Per requester (appId + openid). */
  smsHourlyLimitPerRequester: number;
  smsHourlyLimitPerIp: number;
  bindHourlyLimitPerIp: number;
  /** 401 `请先授权登录` answers per address per hour, both endpoints together. */
  sessionFailuresHourlyPerIp: number;
  /** How long an instance answers from its in-memory copy of the apps before it reads them again. */
  appsRefreshSeconds: number;
}
export type WxaBindProof = 'session_token' | 'openid';

/** Where uploaded avatars are kept (providers/storage, docs/configuration.md). */
export type AvatarStorageKind = 'disk' | 'database' | 's3';

/** AVATAR_STORAGE=s3: any S3-compatible store (AWS S3, Tencent COS, Alibaba OSS, MinIO). */
export interface AvatarS3Settings {
  /** Unset: AWS's own endpoint for the region. */
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretKey: string;
  /** `https://endpoint/bucket/key` instead of `https://bucket.endpoint/key` (MinIO wants it). */
  forcePathStyle: boolean;
  /**
   * Where the bucket's objects can be read publicly (a CDN or the bucket's public URL): avatars
   * are then redirected there instead of read through this server.
   */
  publicBaseUrl?: string;
}

export interface AvatarSettings {
  storage: AvatarStorageKind;
  /** For `disk`. */
  dir: string;
  /** Set exactly when `storage` is `s3`. */
  s3?: AvatarS3Settings;
}
export type NodeEnv = 'development' | 'test' | 'production';

export interface Config {
  nodeEnv: NodeEnv;
  host: string;
  port: number;
  logLevel: string;
  trustProxy: boolean;
  /**
   * Networks (CIDRs) whose peers may call /account/wx* with X-Union-Id alone, as a legacy gateway
   * that has signed the user in does (docs/account-linking.md). Empty: a client key is required.
   */
  accountWxTrustedProxies: string[];
  bodyLimit: string;
  /** A request (headers and body) must arrive within this long, or its connection is cut (408). */
  requestTimeoutMs: number;
  /** The request line and headers must arrive within this long. */
  headersTimeoutMs: number;
  /** Connections the server holds open at once; more are refused until some close. */
  maxConnections: number;
  /** Requests handled at once; more wait their turn (middleware/koa-concurrency-limit.ts). */
  maxConcurrentRequests: number;
  /** How long a request may wait for its turn before it is answered 503. */
  queueTimeoutMs: number;
  /** Serve the OpenAPI document and Swagger UI at /docs. */
  docsEnabled: boolean;
  shutdownTimeoutMs: number;
  /** Unset: embedded PostgreSQL (PGlite) under `pgliteDataDir`. */
  databaseUrl?: string;
  databasePoolMax: number;
  /** Hot statements as named prepared statements, with real PostgreSQL (store/statement-names.ts). */
  databasePreparedStatements: boolean;
  pgliteDataDir: string;
  /** Unset: the in-process Redis stand-in. */
  redisUrl?: string;
  /**
   * Which Redis: REDIS_URL, REDIS_SENTINELS (+ REDIS_SENTINEL_NAME) or REDIS_CLUSTER_NODES, one
   * of them. Unset: the in-process stand-in.
   */
  redisTopology?: RedisTopology;
  redisKeyPrefix: string;
  /** Unset outside production: the sandbox runs in-process and stands in for WeChat and DingTalk. */
  wechatApiBase?: string;
  dingtalkApiBase?: string;
  wechatConnectBase?: string;
  dingtalkLoginBase?: string;
  /** Port of the in-process sandbox in zero-setup runs (0: any free port). */
  sandboxPort: number;
  /** Where this server is reached from a browser; OAuth redirect URIs default to pages under it. */
  publicUrl: string;
  /** Origins a signup's `sourceUrl` may point the verification link at (docs/account-linking.md). */
  verifyEmailOrigins: string[];
  /** Path of the account settings page (apps/web), always ending in `/`; its assets are under `web/`. */
  webPath: string;
  /** The built page (index.html, app.js, app.css). */
  webDistDir: string;
  wechatMiniprogramApps: MiniProgramApp[];
  wechatMobileApp?: MiniProgramApp;
  wechatWebApp?: WechatWebApp;
  /** The official account (公众号) whose web authorisation binds inside WeChat's browser. */
  wechatMpApp?: WechatWebApp;
  dingtalkApp?: DingtalkApp;
  /** Organisations whose members may bind DingTalk; unset: any organisation. */
  dingtalkAllowedCorpIds?: string[];
  wecomApp?: WecomApp;
  /** Unset outside production: the sandbox stands in (its real hosts are the defaults otherwise). */
  wecomLoginBase?: string;
  wecomApiBase?: string;
  jwtSecret: string;
  jwtExpiresInSeconds: number;
  /** 32 bytes: encrypts secrets at rest (AES-256-GCM). */
  dataKey: Buffer;
  smsSender: SmsSenderKind;
  smsWebhookUrl?: string;
  /** Set exactly when SMS_SENDER=tencent. */
  smsTencent?: TencentSmsSettings;
  /** Set exactly when SMS_SENDER=aliyun. */
  smsAliyun?: AliyunSmsSettings;
  smtpUrl?: string;
  mailFrom: string;
  /** Mini-program sign-in (/accounts/*): session lifetime, verification codes and their limits. */
  miniProgram: MiniProgramSettings;
  /** Who may read /metrics: a bearer token and/or client addresses (docs/operations.md). */
  metricsToken?: string;
  metricsAllowIps: string[];
  /** Uploaded avatars (POST /accounts/me/avatar): where they are kept. */
  avatars: AvatarSettings;
  /**
   * The secrets the environment left unset (outside production only). loadConfig gives them
   * random values of this process alone; the entry points replace those with the installation's
   * own, generated once and kept in the data directory (runtime/installation-secrets.ts).
   */
  generatedSecrets: Array<'JWT_SECRET' | 'DATA_KEY'>;
  /** Where the generated secrets are kept, once an entry point has read or created them. */
  secretsFile?: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Secrets that have been published (earlier development defaults, test fixtures, examples). They
 * are kept only to be refused: production must not run on a value anyone can read.
 */
const PUBLISHED_JWT_SECRETS = new Set([
  'development-only-jwt-secret-do-not-use-in-production',
  'test-jwt-secret-that-is-at-least-32-characters',
  'benchmark-jwt-secret-of-at-least-32-characters',
  'two-instances-jwt-secret-of-at-least-32-chars',
  'crash-test-jwt-secret-of-at-least-32-chars',
]);

/** One character (or byte) repeated is a placeholder, not a secret: `Buffer.alloc(32, 7)`. */
const isOneRepeatedUnit = (value: string | Buffer) =>
  new Set<string | number>(value as Iterable<string | number>).size <= 1;

/** In production: refuse a published or placeholder value, naming the variable. */
const notPublished = (published: (value: string) => boolean): Joi.AnySchema =>
  Joi.any().custom((value: string, helpers) => {
    if (published(value)) {
      return helpers.message({
        custom:
          '{{#label}} is a published development or example value; production needs its own ' +
          'random secret',
      });
    }
    return value;
  });
const publishedJwtSecret = (value: string) =>
  PUBLISHED_JWT_SECRETS.has(value) || isOneRepeatedUnit(value);
const publishedDataKey = (value: string) => isOneRepeatedUnit(Buffer.from(value, 'base64'));

const isProduction = { is: 'production', then: Joi.required() } as const;

const appSchema = Joi.object({
  appId: Joi.string().min(1).required(),
  secret: Joi.string().min(1).required(),
});
// What the store holds (miniprogram_apps.app_id): every auth_app_id a client can send.
const miniProgramAppSchema = appSchema.keys({
  appId: Joi.string()
    .pattern(/^[A-Za-z0-9_-]{1,64}$/, 'appId (letters, digits, _ or -, at most 64)')
    .required(),
});
const webAppSchema = appSchema.keys({ redirectUri: Joi.string().uri().required() });
const dingtalkSchema = Joi.object({
  clientId: Joi.string().min(1).required(),
  clientSecret: Joi.string().min(1).required(),
  redirectUri: Joi.string().uri().required(),
});
const wecomSchema = Joi.object({
  corpId: Joi.string().min(1).required(),
  agentId: Joi.alternatives(Joi.string().min(1), Joi.number().integer())
    .required()
    .custom((value: string | number) => String(value)),
  secret: Joi.string().min(1).required(),
  redirectUri: Joi.string().uri().required(),
});

/** A comma-separated list of ids (no spaces inside one); empty entries are dropped. */
const idList = Joi.custom((value: string, helpers) => {
  const ids = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (ids.length === 0 || ids.some((id) => /\s/.test(id))) {
    return helpers.message({ custom: '{{#label}} must list ids separated by commas' });
  }
  return ids;
});

/** A JSON-valued variable: parse, then validate the parsed value; the message names the variable. */
const json = (schema: Joi.Schema) =>
  Joi.custom((value: unknown, helpers) => {
    let parsed: unknown;
    try {
      parsed = typeof value === 'string' ? JSON.parse(value) : value;
    } catch {
      return helpers.message({ custom: '{{#label}} must be valid JSON' });
    }
    const { error, value: validated } = schema.validate(parsed);
    if (error) {
      return helpers.message({ custom: `{{#label}} is invalid: ${error.message}` });
    }
    return validated;
  });

const base64Key = Joi.custom((value: string, helpers) => {
  const decoded = Buffer.from(value, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || decoded.toString('base64') !== value) {
    return helpers.message({ custom: '{{#label}} must be standard base64' });
  }
  if (decoded.length !== 32) {
    return helpers.message({
      custom: `{{#label}} must decode to 32 bytes (got ${decoded.length}); try: openssl rand -base64 32`,
    });
  }
  return value;
});

/** A comma-separated list of IP addresses and CIDR ranges, each checked. */
const ipList = Joi.custom((value: string, helpers) => {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  try {
    for (const entry of entries) addToBlockList(new net.BlockList(), entry);
  } catch (error) {
    return helpers.message({ custom: `{{#label}}: ${(error as Error).message}` });
  }
  return entries;
});

/** A comma-separated list of http(s) origins (`https://example.com`), each normalised. */
const originList = Joi.custom((value: string, helpers) => {
  const origins: string[] = [];
  const entries = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  for (const entry of entries) {
    let url: URL | undefined;
    try {
      url = new URL(entry);
    } catch {
      url = undefined;
    }
    const bare = url && url.pathname === '/' && !url.search && !url.hash && !url.username;
    if (!url || !['http:', 'https:'].includes(url.protocol) || !bare) {
      return helpers.message({
        custom: `{{#label}}: "${entry}" is not an origin such as https://example.com`,
      });
    }
    origins.push(url.origin);
  }
  return origins;
});

/** A cloud SMS setting: required when SMS_SENDER names its provider, ignored otherwise. */
const whenSender = (sender: 'tencent' | 'aliyun', rule: Joi.StringSchema) =>
  rule.when('SMS_SENDER', { is: sender, then: Joi.required() });

/** An S3 setting: required when AVATAR_STORAGE=s3, ignored otherwise. */
const whenS3 = (rule: Joi.StringSchema) =>
  rule.when('AVATAR_STORAGE', { is: 's3', then: Joi.required() });

/** A region id such as ap-guangzhou or cn-hangzhou. */
const cloudRegion = /^[a-z]+(-[a-z0-9]+)+$/;

/** A template parameter layout (sms-template-params.ts), parsed; the message names the variable. */
const templateLayout = (parse: (text: string) => unknown) =>
  Joi.custom((value: string, helpers) => {
    const parsed = parse(value);
    if (typeof parsed === 'string') return helpers.message({ custom: `{{#label}}: ${parsed}` });
    return parsed;
  });

/** A page path such as `/` or `/settings`: plain segments, outside the API prefixes. */
const webPath = Joi.custom((value: string, helpers) => {
  if (!/^\/(?:[\w~-][\w.~-]*(?:\/[\w~-][\w.~-]*)*\/?)?$/.test(value)) {
    return helpers.message({ custom: '{{#label}} must be a path such as / or /settings' });
  }
  const normalized = value.endsWith('/') ? value : `${value}/`;
  if (/^\/(api|account|accounts|healthz|readyz|metrics)\//.test(normalized)) {
    return helpers.message({ custom: '{{#label}} must not be inside an API path' });
  }
  return normalized;
});

const schema = Joi.object({
  NODE_ENV: Joi.string().valid('development', 'test', 'production').default('development'),
  HOST: Joi.string().hostname().default('0.0.0.0'),
  PORT: Joi.number().integer().min(0).max(65535).default(3000),
  LOG_LEVEL: Joi.string()
    .valid('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent')
    .default('info'),
  TRUST_PROXY: Joi.boolean().truthy('1').falsy('0').default(false),
  ACCOUNT_WX_TRUSTED_PROXIES: ipList,
  BODY_LIMIT: Joi.string()
    .pattern(/^\d+(b|kb|mb)$/i, 'size such as 100kb')
    .default('100kb'),
  // Node's defaults (300 s for a request, none on connections) let a client that trickles its
  // body hold a connection for minutes; a whole request of BODY_LIMIT needs far less than this.
  REQUEST_TIMEOUT_MS: Joi.number().integer().min(100).default(30000),
  HEADERS_TIMEOUT_MS: Joi.number()
    .integer()
    .min(100)
    .max(Joi.ref('REQUEST_TIMEOUT_MS'))
    .default(10000)
    .messages({ 'number.max': '{{#label}} must not be more than REQUEST_TIMEOUT_MS' }),
  MAX_CONNECTIONS: Joi.number().integer().min(1).default(1000),
  MAX_CONCURRENT_REQUESTS: Joi.number().integer().min(1).default(128),
  QUEUE_TIMEOUT_MS: Joi.number().integer().min(1).default(15000),
  DOCS_ENABLED: Joi.boolean()
    .truthy('1')
    .falsy('0')
    .when('NODE_ENV', {
      is: 'production',
      then: Joi.optional().default(false),
      otherwise: Joi.optional().default(true),
    }),
  SHUTDOWN_TIMEOUT_MS: Joi.number().integer().min(0).default(10000),
  DATABASE_URL: Joi.string()
    .uri({ scheme: ['postgres', 'postgresql'] })
    .when('NODE_ENV', isProduction),
  DATABASE_POOL_MAX: Joi.number().integer().min(1).max(200).default(10),
  // false behind PgBouncer in transaction mode before 1.21 (docs/deployment.md).
  DATABASE_PREPARED_STATEMENTS: Joi.boolean().truthy('1').falsy('0').default(true),
  PGLITE_DATA_DIR: Joi.string().default(defaultDataDir),
  // Production requires one of REDIS_URL, REDIS_SENTINELS, REDIS_CLUSTER_NODES (redisTopologyProblems).
  REDIS_URL: Joi.string().uri({ scheme: ['redis', 'rediss'] }),
  ...redisTopologySchema,
  REDIS_KEY_PREFIX: Joi.string().default('wechat-bind:'),
  WECHAT_API_BASE: Joi.string()
    .uri({ scheme: ['http', 'https'] })
    .when('NODE_ENV', {
      is: 'production',
      then: Joi.optional().default('https://api.weixin.qq.com'),
    }),
  DINGTALK_API_BASE: Joi.string()
    .uri({ scheme: ['http', 'https'] })
    .when('NODE_ENV', {
      is: 'production',
      then: Joi.optional().default('https://api.dingtalk.com'),
    }),
  WECHAT_CONNECT_BASE: Joi.string()
    .uri({ scheme: ['http', 'https'] })
    .when('NODE_ENV', {
      is: 'production',
      then: Joi.optional().default('https://open.weixin.qq.com'),
    }),
  DINGTALK_LOGIN_BASE: Joi.string()
    .uri({ scheme: ['http', 'https'] })
    .when('NODE_ENV', {
      is: 'production',
      then: Joi.optional().default('https://login.dingtalk.com'),
    }),
  SANDBOX_PORT: Joi.number().integer().min(0).max(65535).default(4100),
  PUBLIC_URL: Joi.string().uri({ scheme: ['http', 'https'] }),
  VERIFY_EMAIL_ORIGINS: originList,
  WEB_PATH: webPath.default('/'),
  WEB_DIST_DIR: Joi.string().default(defaultWebDistDir),
  WECHAT_MINIPROGRAM_APPS: json(Joi.array().items(miniProgramAppSchema).unique('appId')),
  WECHAT_MOBILE_APP: json(appSchema),
  WECHAT_WEB_APP: json(webAppSchema),
  WECHAT_MP_APP: json(webAppSchema),
  DINGTALK_APP: json(dingtalkSchema),
  DINGTALK_ALLOWED_CORP_IDS: idList,
  WECOM_APP: json(wecomSchema),
  WECOM_LOGIN_BASE: Joi.string()
    .uri({ scheme: ['http', 'https'] })
    .when('NODE_ENV', {
      is: 'production',
      then: Joi.optional().default('https://login.work.weixin.qq.com'),
    }),
  WECOM_API_BASE: Joi.string()
    .uri({ scheme: ['http', 'https'] })
    .when('NODE_ENV', {
      is: 'production',
      then: Joi.optional().default('https://qyapi.weixin.qq.com'),
    }),
  JWT_SECRET: Joi.string()
    .min(32)
    .when('NODE_ENV', {
      is: 'production',
      then: Joi.any().required().concat(notPublished(publishedJwtSecret)),
    }),
  JWT_EXPIRES_IN: Joi.number().integer().min(60).default(2592000),
  DATA_KEY: base64Key.when('NODE_ENV', {
    is: 'production',
    then: Joi.any().required().concat(notPublished(publishedDataKey)),
  }),
  // `console` writes every verification code to stdout: development only (productionRefusals).
  SMS_SENDER: Joi.string()
    .valid('console', 'http', 'tencent', 'aliyun')
    .when('NODE_ENV', {
      is: 'production',
      then: Joi.required(),
      otherwise: Joi.optional().default('console'),
    }),
  SMS_WEBHOOK_URL: Joi.string()
    .uri({ scheme: ['http', 'https'] })
    .when('SMS_SENDER', { is: 'http', then: Joi.required() }),
  TENCENT_SMS_SECRET_ID: whenSender('tencent', Joi.string()),
  TENCENT_SMS_SECRET_KEY: whenSender('tencent', Joi.string()),
  TENCENT_SMS_SDK_APP_ID: whenSender('tencent', Joi.string().pattern(/^\d+$/, 'digits')),
  TENCENT_SMS_SIGN_NAME: whenSender('tencent', Joi.string()),
  TENCENT_SMS_TEMPLATE_ID: whenSender('tencent', Joi.string().pattern(/^\d+$/, 'digits')),
  TENCENT_SMS_TEMPLATE_PARAMS: templateLayout(parsePositionalParams),
  TENCENT_SMS_REGION: Joi.string().pattern(cloudRegion, 'region').default('ap-guangzhou'),
  TENCENT_SMS_API_BASE: Joi.string()
    .uri({ scheme: ['http', 'https'] })
    .default('https://sms.tencentcloudapi.com'),
  ALIYUN_SMS_ACCESS_KEY_ID: whenSender('aliyun', Joi.string()),
  ALIYUN_SMS_ACCESS_KEY_SECRET: whenSender('aliyun', Joi.string()),
  ALIYUN_SMS_SIGN_NAME: whenSender('aliyun', Joi.string()),
  ALIYUN_SMS_TEMPLATE_CODE: whenSender('aliyun', Joi.string()),
  ALIYUN_SMS_TEMPLATE_PARAMS: templateLayout(parseNamedParams),
  ALIYUN_SMS_REGION: Joi.string().pattern(cloudRegion, 'region').default('cn-hangzhou'),
  ALIYUN_SMS_API_BASE: Joi.string()
    .uri({ scheme: ['http', 'https'] })
    .default('https://dysmsapi.aliyuncs.com'),
  SMTP_URL: Joi.string().uri({ scheme: ['smtp', 'smtps'] }),
  MAIL_FROM: Joi.string().default('wechat-bind <no-reply@localhost>'),
  WXA_SESSION_TTL: Joi.number().integer().min(60).default(1800),
  VERIFY_CODE_TTL: Joi.number().integer().min(1).max(3600).default(300),
  VERIFY_CODE_MAX_ATTEMPTS: Joi.number().integer().min(1).max(10).default(5),
  WXA_BIND_PROOF: Joi.string().valid('session_token', 'openid').default('session_token'),
  SMS_RESEND_INTERVAL: Joi.number().integer().min(1).default(60),
  SMS_DAILY_LIMIT_PER_OPENID_MOBILE: Joi.number().integer().min(1).default(10),
  SMS_DAILY_LIMIT_PER_MOBILE: Joi.number().integer().min(1).default(30),
  SMS_HOURLY_LIMIT_PER_REQUESTER: Joi.number().integer().min(1).default(5),
  SMS_HOURLY_LIMIT_PER_IP: Joi.number().integer().min(1).default(20),
  WXA_BIND_HOURLY_LIMIT_PER_IP: Joi.number().integer().min(1).default(60),
  WXA_SESSION_FAILURES_PER_IP: Joi.number().integer().min(1).default(30),
  WXA_APPS_REFRESH: Joi.number().integer().min(1).max(3600).default(30),
  METRICS_TOKEN: Joi.string().min(16),
  METRICS_ALLOW_IPS: ipList,
  // Unset: the database when there is a real one (shared by every instance), else a folder under
  // the data directory beside embedded PostgreSQL's files.
  AVATAR_STORAGE: Joi.string()
    .valid('disk', 'database', 's3')
    .when('DATABASE_URL', {
      is: Joi.exist(),
      then: Joi.optional().default('database'),
      otherwise: Joi.optional().default('disk'),
    }),
  AVATAR_DIR: Joi.string().default(defaultAvatarDir),
  AVATAR_S3_ENDPOINT: Joi.string().uri({ scheme: ['http', 'https'] }),
  AVATAR_S3_REGION: Joi.string().pattern(cloudRegion, 'region').default('us-east-1'),
  AVATAR_S3_BUCKET: whenS3(
    Joi.string().pattern(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'bucket name'),
  ),
  AVATAR_S3_ACCESS_KEY_ID: whenS3(Joi.string()),
  AVATAR_S3_SECRET_ACCESS_KEY: whenS3(Joi.string()),
  AVATAR_S3_FORCE_PATH_STYLE: Joi.boolean().truthy('1').falsy('0').default(false),
  AVATAR_PUBLIC_BASE_URL: Joi.string()
    .uri({ scheme: ['http', 'https'] })
    .when('AVATAR_STORAGE', {
      not: 's3',
      then: Joi.forbidden().messages({
        'any.unknown': "{{#label}} is for AVATAR_STORAGE=s3 only (the bucket's public address)",
      }),
    }),
})
  // Anything else in the environment (PATH, HOME, ...) is not ours to judge.
  .unknown(true)
  .prefs({ abortEarly: false, convert: true, errors: { wrap: { label: false } } });

/** Every environment variable the server reads, for checks of deployment manifests against it. */
export const settingNames: readonly string[] = Object.keys(schema.describe().keys ?? {});

/** A fresh JWT_SECRET: 48 random bytes, base64url (64 characters). */
export const newJwtSecret = () => randomBytes(48).toString('base64url');
/** A fresh DATA_KEY: 32 random bytes, standard base64. */
export const newDataKey = () => randomBytes(32).toString('base64');

/**
 * Values the schema accepts that production must not run with. Apart from the schema because an
 * allowed value (`valid`) skips the schema's own rules.
 */
function productionRefusals(value: Record<string, unknown>): string[] {
  if (value.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  if (value.SMS_SENDER === 'console') {
    problems.push(
      'SMS_SENDER=console writes verification codes to stdout; production needs a real sender',
    );
  }
  // The request carries the verification code: in production it crosses the network encrypted.
  const cloudBase = { tencent: 'TENCENT_SMS_API_BASE', aliyun: 'ALIYUN_SMS_API_BASE' } as const;
  const baseName = cloudBase[value.SMS_SENDER as keyof typeof cloudBase];
  if (baseName && String(value[baseName]).startsWith('http:')) {
    problems.push(`${baseName} must be https in production: the request carries the code`);
  }
  return problems;
}

/** Empty strings count as unset, so `FOO=` in a .env file means "use the default". */
function withoutEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => Boolean(entry[1])),
  );
}

/** Reads and validates every setting once. Throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const { error, value } = schema.validate(withoutEmpty(env));
  const problems = [
    ...(error?.details.map((detail) => detail.message) ?? []),
    ...productionRefusals(value),
    ...redisTopologyProblems(value),
  ];
  if (problems.length > 0) throw new ConfigError(problems);
  // Unset outside production (the schema requires them there): random for this process only.
  const generatedSecrets: Config['generatedSecrets'] = [];
  const orGenerated = <T>(
    name: 'JWT_SECRET' | 'DATA_KEY',
    actual: T | undefined,
    make: () => T,
  ): T => {
    if (actual !== undefined) return actual;
    generatedSecrets.push(name);
    return make();
  };
  return {
    nodeEnv: value.NODE_ENV,
    host: value.HOST,
    port: value.PORT,
    logLevel: value.LOG_LEVEL,
    trustProxy: value.TRUST_PROXY,
    accountWxTrustedProxies: value.ACCOUNT_WX_TRUSTED_PROXIES ?? [],
    bodyLimit: value.BODY_LIMIT,
    requestTimeoutMs: value.REQUEST_TIMEOUT_MS,
    headersTimeoutMs: value.HEADERS_TIMEOUT_MS,
    maxConnections: value.MAX_CONNECTIONS,
    maxConcurrentRequests: value.MAX_CONCURRENT_REQUESTS,
    queueTimeoutMs: value.QUEUE_TIMEOUT_MS,
    docsEnabled: value.DOCS_ENABLED,
    shutdownTimeoutMs: value.SHUTDOWN_TIMEOUT_MS,
    databaseUrl: value.DATABASE_URL,
    databasePoolMax: value.DATABASE_POOL_MAX,
    databasePreparedStatements: value.DATABASE_PREPARED_STATEMENTS,
    pgliteDataDir: path.resolve(value.PGLITE_DATA_DIR),
    redisUrl: value.REDIS_URL,
    redisTopology: redisTopologyOf(value),
    redisKeyPrefix: value.REDIS_KEY_PREFIX,
    wechatApiBase: value.WECHAT_API_BASE,
    dingtalkApiBase: value.DINGTALK_API_BASE,
    wechatConnectBase: value.WECHAT_CONNECT_BASE,
    dingtalkLoginBase: value.DINGTALK_LOGIN_BASE,
    sandboxPort: value.SANDBOX_PORT,
    publicUrl: (value.PUBLIC_URL ?? `http://localhost:${value.PORT}`).replace(/\/+$/, ''),
    verifyEmailOrigins: value.VERIFY_EMAIL_ORIGINS ?? [
      new URL(value.PUBLIC_URL ?? `http://localhost:${value.PORT}`).origin,
    ],
    webPath: value.WEB_PATH,
    webDistDir: path.resolve(value.WEB_DIST_DIR),
    wechatMiniprogramApps: value.WECHAT_MINIPROGRAM_APPS ?? [],
    wechatMobileApp: value.WECHAT_MOBILE_APP,
    wechatWebApp: value.WECHAT_WEB_APP,
    wechatMpApp: value.WECHAT_MP_APP,
    dingtalkApp: value.DINGTALK_APP,
    dingtalkAllowedCorpIds: value.DINGTALK_ALLOWED_CORP_IDS,
    wecomApp: value.WECOM_APP,
    wecomLoginBase: value.WECOM_LOGIN_BASE,
    wecomApiBase: value.WECOM_API_BASE,
    jwtSecret: orGenerated('JWT_SECRET', value.JWT_SECRET, newJwtSecret),
    jwtExpiresInSeconds: value.JWT_EXPIRES_IN,
    dataKey: Buffer.from(orGenerated('DATA_KEY', value.DATA_KEY, newDataKey), 'base64'),
    smsSender: value.SMS_SENDER,
    smsWebhookUrl: value.SMS_WEBHOOK_URL,
    smsTencent:
      value.SMS_SENDER === 'tencent'
        ? {
            secretId: value.TENCENT_SMS_SECRET_ID,
            secretKey: value.TENCENT_SMS_SECRET_KEY,
            sdkAppId: value.TENCENT_SMS_SDK_APP_ID,
            region: value.TENCENT_SMS_REGION,
            signName: value.TENCENT_SMS_SIGN_NAME,
            templateId: value.TENCENT_SMS_TEMPLATE_ID,
            templateParams: value.TENCENT_SMS_TEMPLATE_PARAMS ?? ['code'],
            apiBase: value.TENCENT_SMS_API_BASE,
          }
        : undefined,
    smsAliyun:
      value.SMS_SENDER === 'aliyun'
        ? {
            accessKeyId: value.ALIYUN_SMS_ACCESS_KEY_ID,
            accessKeySecret: value.ALIYUN_SMS_ACCESS_KEY_SECRET,
            region: value.ALIYUN_SMS_REGION,
            signName: value.ALIYUN_SMS_SIGN_NAME,
            templateCode: value.ALIYUN_SMS_TEMPLATE_CODE,
            templateParams: value.ALIYUN_SMS_TEMPLATE_PARAMS ?? [{ name: 'code', value: 'code' }],
            apiBase: value.ALIYUN_SMS_API_BASE,
          }
        : undefined,
    smtpUrl: value.SMTP_URL,
    mailFrom: value.MAIL_FROM,
    miniProgram: {
      bindProof: value.WXA_BIND_PROOF,
      sessionTtlSeconds: value.WXA_SESSION_TTL,
      verifyCodeTtlSeconds: value.VERIFY_CODE_TTL,
      verifyCodeMaxAttempts: value.VERIFY_CODE_MAX_ATTEMPTS,
      smsResendIntervalSeconds: value.SMS_RESEND_INTERVAL,
      smsDailyLimitPerOpenidMobile: value.SMS_DAILY_LIMIT_PER_OPENID_MOBILE,
      smsDailyLimitPerMobile: value.SMS_DAILY_LIMIT_PER_MOBILE,
      smsHourlyLimitPerRequester: value.SMS_HOURLY_LIMIT_PER_REQUESTER,
      smsHourlyLimitPerIp: value.SMS_HOURLY_LIMIT_PER_IP,
      bindHourlyLimitPerIp: value.WXA_BIND_HOURLY_LIMIT_PER_IP,
      sessionFailuresHourlyPerIp: value.WXA_SESSION_FAILURES_PER_IP,
      appsRefreshSeconds: value.WXA_APPS_REFRESH,
    },
    metricsToken: value.METRICS_TOKEN,
    metricsAllowIps: value.METRICS_ALLOW_IPS ?? [],
    avatars: {
      storage: value.AVATAR_STORAGE,
      dir: path.resolve(value.AVATAR_DIR),
      s3:
        value.AVATAR_STORAGE === 's3'
          ? {
              endpoint: value.AVATAR_S3_ENDPOINT,
              region: value.AVATAR_S3_REGION,
              bucket: value.AVATAR_S3_BUCKET,
              accessKeyId: value.AVATAR_S3_ACCESS_KEY_ID,
              secretKey: value.AVATAR_S3_SECRET_ACCESS_KEY,
              forcePathStyle: value.AVATAR_S3_FORCE_PATH_STYLE,
              publicBaseUrl: value.AVATAR_PUBLIC_BASE_URL?.replace(/\/+$/, ''),
            }
          : undefined,
    },
    generatedSecrets,
  };
}
