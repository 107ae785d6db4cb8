import Joi from 'joi';
import net from 'node:net';
import path from 'node:path';
import { addToBlockList } from './metrics/ip-ranges';

/** Where embedded PostgreSQL keeps its files unless PGLITE_DATA_DIR says otherwise: `<repo>/.data/pglite`. */
const defaultDataDir = path.resolve(__dirname, '../../../.data/pglite');
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

export type SmsSenderKind = 'console' | 'http';

/** Every duration in seconds; docs/mini-program.md explains each limit. */
export interface MiniProgramSettings {
  sessionTtlSeconds: number;
  verifyCodeTtlSeconds: number;
  verifyCodeMaxAttempts: number;
  smsResendIntervalSeconds: number;
  smsDailyLimitPerMobile: number;
  smsHourlyLimitPerIp: number;
  bindHourlyLimitPerIp: number;
}
export type NodeEnv = 'development' | 'test' | 'production';

export interface Config {
  nodeEnv: NodeEnv;
  host: string;
  port: number;
  logLevel: string;
  trustProxy: boolean;
  bodyLimit: string;
  shutdownTimeoutMs: number;
  /** Unset: embedded PostgreSQL (PGlite) under `pgliteDataDir`. */
  databaseUrl?: string;
  databasePoolMax: number;
  pgliteDataDir: string;
  /** Unset: the in-process Redis stand-in. */
  redisUrl?: string;
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
  /** Path of the account settings page (apps/web), always ending in `/`; its assets are under `web/`. */
  webPath: string;
  /** The built page (index.html, app.js, app.css). */
  webDistDir: string;
  wechatMiniprogramApps: MiniProgramApp[];
  wechatMobileApp?: MiniProgramApp;
  wechatWebApp?: WechatWebApp;
  dingtalkApp?: DingtalkApp;
  jwtSecret: string;
  jwtExpiresInSeconds: number;
  /** 32 bytes: encrypts secrets at rest (AES-256-GCM). */
  dataKey: Buffer;
  smsSender: SmsSenderKind;
  smsWebhookUrl?: string;
  smtpUrl?: string;
  mailFrom: string;
  /** Mini-program sign-in (/accounts/*): session lifetime, verification codes and their limits. */
  miniProgram: MiniProgramSettings;
  /** Who may read /metrics: a bearer token and/or client addresses (docs/operations.md). */
  metricsToken?: string;
  metricsAllowIps: string[];
  /** Which settings fell back to development defaults; the start banner lists them. */
  developmentDefaults: string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

// Development-only fallbacks. Production refuses to start without real values (see schema).
const DEV_JWT_SECRET = 'development-only-jwt-secret-do-not-use-in-production';
const DEV_DATA_KEY = Buffer.alloc(32, 7).toString('base64');

const isProduction = { is: 'production', then: Joi.required() } as const;

const appSchema = Joi.object({
  appId: Joi.string().min(1).required(),
  secret: Joi.string().min(1).required(),
});
const webAppSchema = appSchema.keys({ redirectUri: Joi.string().uri().required() });
const dingtalkSchema = Joi.object({
  clientId: Joi.string().min(1).required(),
  clientSecret: Joi.string().min(1).required(),
  redirectUri: Joi.string().uri().required(),
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
  BODY_LIMIT: Joi.string()
    .pattern(/^\d+(b|kb|mb)$/i, 'size such as 100kb')
    .default('100kb'),
  SHUTDOWN_TIMEOUT_MS: Joi.number().integer().min(0).default(10000),
  DATABASE_URL: Joi.string()
    .uri({ scheme: ['postgres', 'postgresql'] })
    .when('NODE_ENV', isProduction),
  DATABASE_POOL_MAX: Joi.number().integer().min(1).max(200).default(10),
  PGLITE_DATA_DIR: Joi.string().default(defaultDataDir),
  REDIS_URL: Joi.string()
    .uri({ scheme: ['redis', 'rediss'] })
    .when('NODE_ENV', isProduction),
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
  WEB_PATH: webPath.default('/'),
  WEB_DIST_DIR: Joi.string().default(defaultWebDistDir),
  WECHAT_MINIPROGRAM_APPS: json(Joi.array().items(appSchema).unique('appId')),
  WECHAT_MOBILE_APP: json(appSchema),
  WECHAT_WEB_APP: json(webAppSchema),
  DINGTALK_APP: json(dingtalkSchema),
  JWT_SECRET: Joi.string().min(32).when('NODE_ENV', isProduction),
  JWT_EXPIRES_IN: Joi.number().integer().min(60).default(2592000),
  DATA_KEY: base64Key.when('NODE_ENV', isProduction),
  SMS_SENDER: Joi.string().valid('console', 'http').default('console'),
  SMS_WEBHOOK_URL: Joi.string()
    .uri({ scheme: ['http', 'https'] })
    .when('SMS_SENDER', { is: 'http', then: Joi.required() }),
  SMTP_URL: Joi.string().uri({ scheme: ['smtp', 'smtps'] }),
  MAIL_FROM: Joi.string().default('wechat-bind <no-reply@localhost>'),
  WXA_SESSION_TTL: Joi.number().integer().min(60).default(1800),
  VERIFY_CODE_TTL: Joi.number().integer().min(1).max(3600).default(300),
  VERIFY_CODE_MAX_ATTEMPTS: Joi.number().integer().min(1).max(10).default(5),
  SMS_RESEND_INTERVAL: Joi.number().integer().min(1).default(60),
  SMS_DAILY_LIMIT_PER_MOBILE: Joi.number().integer().min(1).default(10),
  SMS_HOURLY_LIMIT_PER_IP: Joi.number().integer().min(1).default(20),
  WXA_BIND_HOURLY_LIMIT_PER_IP: Joi.number().integer().min(1).default(60),
  METRICS_TOKEN: Joi.string().min(16),
  METRICS_ALLOW_IPS: ipList,
})
  // Anything else in the environment (PATH, HOME, ...) is not ours to judge.
  .unknown(true)
  .prefs({ abortEarly: false, convert: true, errors: { wrap: { label: false } } });

/** Empty strings count as unset, so `FOO=` in a .env file means "use the default". */
function withoutEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => Boolean(entry[1])),
  );
}

/** Reads and validates every setting once. Throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const { error, value } = schema.validate(withoutEmpty(env));
  if (error) {
    throw new ConfigError(error.details.map((detail) => detail.message));
  }
  const developmentDefaults: string[] = [];
  const orDevDefault = <T>(name: string, actual: T | undefined, fallback: T): T => {
    if (actual !== undefined) return actual;
    developmentDefaults.push(name);
    return fallback;
  };
  return {
    nodeEnv: value.NODE_ENV,
    host: value.HOST,
    port: value.PORT,
    logLevel: value.LOG_LEVEL,
    trustProxy: value.TRUST_PROXY,
    bodyLimit: value.BODY_LIMIT,
    shutdownTimeoutMs: value.SHUTDOWN_TIMEOUT_MS,
    databaseUrl: value.DATABASE_URL,
    databasePoolMax: value.DATABASE_POOL_MAX,
    pgliteDataDir: path.resolve(value.PGLITE_DATA_DIR),
    redisUrl: value.REDIS_URL,
    redisKeyPrefix: value.REDIS_KEY_PREFIX,
    wechatApiBase: value.WECHAT_API_BASE,
    dingtalkApiBase: value.DINGTALK_API_BASE,
    wechatConnectBase: value.WECHAT_CONNECT_BASE,
    dingtalkLoginBase: value.DINGTALK_LOGIN_BASE,
    sandboxPort: value.SANDBOX_PORT,
    publicUrl: (value.PUBLIC_URL ?? `http://localhost:${value.PORT}`).replace(/\/+$/, ''),
    webPath: value.WEB_PATH,
    webDistDir: path.resolve(value.WEB_DIST_DIR),
    wechatMiniprogramApps: value.WECHAT_MINIPROGRAM_APPS ?? [],
    wechatMobileApp: value.WECHAT_MOBILE_APP,
    wechatWebApp: value.WECHAT_WEB_APP,
    dingtalkApp: value.DINGTALK_APP,
    jwtSecret: orDevDefault('JWT_SECRET', value.JWT_SECRET, DEV_JWT_SECRET),
    jwtExpiresInSeconds: value.JWT_EXPIRES_IN,
    dataKey: Buffer.from(orDevDefault('DATA_KEY', value.DATA_KEY, DEV_DATA_KEY), 'base64'),
    smsSender: value.SMS_SENDER,
    smsWebhookUrl: value.SMS_WEBHOOK_URL,
    smtpUrl: value.SMTP_URL,
    mailFrom: value.MAIL_FROM,
    miniProgram: {
      sessionTtlSeconds: value.WXA_SESSION_TTL,
      verifyCodeTtlSeconds: value.VERIFY_CODE_TTL,
      verifyCodeMaxAttempts: value.VERIFY_CODE_MAX_ATTEMPTS,
      smsResendIntervalSeconds: value.SMS_RESEND_INTERVAL,
      smsDailyLimitPerMobile: value.SMS_DAILY_LIMIT_PER_MOBILE,
      smsHourlyLimitPerIp: value.SMS_HOURLY_LIMIT_PER_IP,
      bindHourlyLimitPerIp: value.WXA_BIND_HOURLY_LIMIT_PER_IP,
    },
    metricsToken: value.METRICS_TOKEN,
    metricsAllowIps: value.METRICS_ALLOW_IPS ?? [],
    developmentDefaults,
  };
}
