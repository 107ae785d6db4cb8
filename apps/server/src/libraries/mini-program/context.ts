import type { Sequelize } from 'sequelize';
import type { MiniProgramSettings } from '../../config';
import type { SmsSender } from '../../providers/sms/sms-sender';
import type { AccessTokenCache } from '../../providers/wechat/access-token-cache';
import type { WechatApi } from '../../providers/wechat/wechat-api';
import type { Models } from '../../store/models';
import type { MiniProgramAppRegistry } from '../mini-program-apps';
import type { JsCodeExchange } from './js-code-exchange';
import type { MiniProgramLimits } from './limits';
import type { SessionTokens } from './session-tokens';
import type { SmsChallenge } from './sms-challenge';
import type { WxaSessionStore } from './sessions';
import type { VerificationCodes } from './verification-codes';

/** Everything the mini-program flow works with, built once per app by createMiniProgram. */
export interface MiniProgramContext {
  sequelize: Sequelize;
  models: Models;
  /** The apps that may sign in, by auth_app_id (a cached read of the store). */
  apps: MiniProgramAppRegistry;
  settings: MiniProgramSettings;
  wechat: WechatApi;
  accessTokens: AccessTokenCache;
  exchangeJsCode: JsCodeExchange;
  sessions: WxaSessionStore;
  codes: VerificationCodes;
  limits: MiniProgramLimits;
  tokens: SessionTokens;
  sms: SmsSender;
  smsChallenge: SmsChallenge;
}

/** Where a request came from, for limits and the audit trail. */
export interface RequestOrigin {
  ip: string;
  userAgent?: string;
}
