import { DEFAULT_CONFIG, type SandboxConfig } from '../config';
import type {
  DingtalkAppInput,
  DingtalkUserInput,
  WechatAppInput,
  WechatUserInput,
  WecomAppInput,
  WecomUserInput,
} from '../control/types';
import { CallCounter } from './call-counter';
import { DingtalkApps } from './dingtalk-apps';
import { DingtalkUsers } from './dingtalk-users';
import { ExpiringStore } from './expiring-store';
import { Faults } from './faults';
import type {
  AppTokenGrant,
  DingtalkGrant,
  JsCodeGrant,
  PhoneCodeGrant,
  WechatUserGrant,
  WecomCodeGrant,
  WecomGrant,
} from './grants';
import { SessionKeys } from './session-keys';
import type { AliyunSmsAccountInput, TencentSmsAccountInput } from './sms-accounts';
import { SmsAccounts } from './sms-accounts';
import { SmsOutbox } from './sms-outbox';
import { WechatApps } from './wechat-apps';
import { WechatUsers } from './wechat-users';
import { WecomApps } from './wecom-apps';
import { WecomUsers } from './wecom-users';

/** Apps and users to register at start, and again after every reset. */
export interface SandboxSeed {
  wechatApps?: WechatAppInput[];
  dingtalkApps?: DingtalkAppInput[];
  wechatUsers?: WechatUserInput[];
  dingtalkUsers?: DingtalkUserInput[];
  wecomApps?: WecomAppInput[];
  wecomUsers?: WecomUserInput[];
  tencentSmsAccounts?: TencentSmsAccountInput[];
  aliyunSmsAccounts?: AliyunSmsAccountInput[];
}

// Refresh tokens outlive access tokens; 30 days is what both WeChat and DingTalk document.
const REFRESH_TOKEN_TTL_MS = 30 * 24 * 3600 * 1000;

/** Everything the sandbox knows, in memory. Routes read and change it; nothing else does. */
export class SandboxState {
  config: SandboxConfig;

  readonly wechatApps = new WechatApps();
  readonly wechatUsers = new WechatUsers();
  readonly sessionKeys = new SessionKeys();
  readonly jsCodes = new ExpiringStore<JsCodeGrant>();
  readonly oauthCodes = new ExpiringStore<WechatUserGrant>();
  readonly phoneCodes = new ExpiringStore<PhoneCodeGrant>();
  /** Tokens from /cgi-bin/token and /cgi-bin/stable_token (the app's own credential). */
  readonly appTokens = new ExpiringStore<AppTokenGrant>();
  /** appid → its current stable_token, which normal-mode calls hand out again while it lives. */
  readonly stableTokens = new Map<string, string>();
  /** Tokens a user granted an app (/sns/oauth2/access_token, or minted for a mobile app). */
  readonly userTokens = new ExpiringStore<WechatUserGrant>();

  readonly dingtalkApps = new DingtalkApps();
  readonly dingtalkUsers = new DingtalkUsers();
  readonly dingtalkCodes = new ExpiringStore<DingtalkGrant>();
  readonly dingtalkTokens = new ExpiringStore<DingtalkGrant>();
  readonly dingtalkRefreshTokens = new ExpiringStore<DingtalkGrant>();

  readonly wecomApps = new WecomApps();
  readonly wecomUsers = new WecomUsers();
  readonly wecomCodes = new ExpiringStore<WecomCodeGrant>();
  /** Tokens from /cgi-bin/gettoken: one agent's credential for its corp's APIs. */
  readonly wecomTokens = new ExpiringStore<WecomGrant>();

  /** Cloud SMS stand-ins: the accounts they accept, what they sent, Alibaba Cloud's used nonces. */
  readonly smsAccounts = new SmsAccounts();
  readonly smsOutbox = new SmsOutbox();
  readonly aliyunNonces = new ExpiringStore<true>();

  readonly faults = new Faults();
  readonly calls = new CallCounter();

  readonly refreshTokenTtlMs = REFRESH_TOKEN_TTL_MS;

  constructor(
    private readonly initialConfig: Partial<SandboxConfig> = {},
    private readonly seed: SandboxSeed = {},
  ) {
    this.config = { ...DEFAULT_CONFIG, ...initialConfig };
    this.plant();
  }

  configure(partial: Partial<SandboxConfig>): SandboxConfig {
    this.config = { ...this.config, ...partial };
    return this.config;
  }

  /**
   * Back to the state startSandbox created: every code, token, fault and counter is dropped, and
   * the apps and users given to startSandbox are registered again (with their given ids; generated
   * ids and secrets are new).
   */
  reset(): void {
    this.config = { ...DEFAULT_CONFIG, ...this.initialConfig };
    for (const part of [
      this.wechatApps,
      this.wechatUsers,
      this.sessionKeys,
      this.jsCodes,
      this.oauthCodes,
      this.phoneCodes,
      this.appTokens,
      this.stableTokens,
      this.userTokens,
      this.dingtalkApps,
      this.dingtalkUsers,
      this.dingtalkCodes,
      this.dingtalkTokens,
      this.dingtalkRefreshTokens,
      this.wecomApps,
      this.wecomUsers,
      this.wecomCodes,
      this.wecomTokens,
      this.smsAccounts,
      this.smsOutbox,
      this.aliyunNonces,
      this.faults,
    ]) {
      part.clear();
    }
    this.calls.reset();
    this.plant();
  }

  private plant(): void {
    for (const app of this.seed.wechatApps ?? []) this.wechatApps.register(app);
    for (const app of this.seed.dingtalkApps ?? []) this.dingtalkApps.register(app);
    for (const user of this.seed.wechatUsers ?? []) this.wechatUsers.register(user);
    for (const user of this.seed.dingtalkUsers ?? []) this.dingtalkUsers.register(user);
    for (const app of this.seed.wecomApps ?? []) this.wecomApps.register(app);
    for (const user of this.seed.wecomUsers ?? []) this.wecomUsers.register(user);
    for (const account of this.seed.tencentSmsAccounts ?? []) {
      this.smsAccounts.registerTencent(account);
    }
    for (const account of this.seed.aliyunSmsAccounts ?? []) {
      this.smsAccounts.registerAliyun(account);
    }
  }
}
