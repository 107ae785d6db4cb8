import type { WeixinThirdParty } from '@wechat-bind/dto';
import type { Sequelize } from 'sequelize';
import type { WechatApi } from '../../providers/wechat/wechat-api';
import type { Models } from '../../store/models';
import { selectRows } from '../../store/select-rows';
import { isUuid } from '../ids';
import type { AttemptLimiter } from './attempt-limiter';
import type { WeixinClaim } from './prove-weixin-account';
import { proveWeixinAccount } from './prove-weixin-account';
import type { BoundUser } from './store-binding';
import { storeBinding } from './store-binding';
import { WeixinBindingError } from './weixin-binding-error';

export interface WeixinBindingDeps {
  sequelize: Sequelize;
  models: Models;
  wechat: WechatApi;
  /** The WeChat mobile app whose user tokens clients present; unset: binding is unavailable. */
  mobileAppId?: string;
  limiter: AttemptLimiter;
}

export interface BindWeixinInput {
  /** The user the request is authenticated as (the Caa key's owner). */
  actor: { userId: string; apiKey: string };
  /** The user to bind, as the client named it. */
  userId: string;
  claim: WeixinClaim;
  ip?: string;
  userAgent?: string;
}

export interface BindWeixinResult {
  user: BoundUser;
  weixin: WeixinThirdParty;
}

/**
 * Binds the caller's WeChat account to the caller's user, in this order: the user must exist
 * (`user_not_found`) and be the caller (`permission_denied`); the attempt counts against the
 * user's budget; WeChat must confirm the claim (`invalid_weixin_account`, or `weixin_unavailable`);
 * then the binding rules run in one transaction (`user_has_weixin`, `weixin_has_other_user`).
 * A user who already has a WeChat account, the same one included, is refused (`user_has_weixin`).
 */
export const USER_EXISTS_SQL = 'SELECT 1 FROM users WHERE id = $1';

async function userExists(sequelize: Sequelize, userId: string): Promise<boolean> {
  if (!isUuid(userId)) return false;
  return (await selectRows(sequelize, USER_EXISTS_SQL, [userId])).length > 0;
}

export function createWeixinBinding(deps: WeixinBindingDeps) {
  return async function bindWeixin(input: BindWeixinInput): Promise<BindWeixinResult> {
    if (!(await userExists(deps.sequelize, input.userId))) {
      throw new WeixinBindingError('user_not_found');
    }
    if (input.userId !== input.actor.userId) throw new WeixinBindingError('permission_denied');
    if (deps.mobileAppId === undefined) throw new WeixinBindingError('not_configured');

    await deps.limiter.consume(input.actor.userId);
    const account = await proveWeixinAccount(deps.wechat, input.claim);
    const stored = await storeBinding(deps.sequelize, {
      userId: input.userId,
      account,
      appId: deps.mobileAppId,
      actor: { apiKey: input.actor.apiKey },
      ip: input.ip,
      userAgent: input.userAgent,
    });
    return {
      user: stored.user,
      weixin: { unionid: account.unionid, openid: account.openid },
    };
  };
}

export type BindWeixin = ReturnType<typeof createWeixinBinding>;
