import type { Sequelize } from 'sequelize';
import type { Models } from '../../store/models';
import type { MergeOrigin, MergeOutcome } from '../wechat-identity-merge';
import { reconcileWechatIdentity } from '../wechat-identity-merge';
import type { ExternalIdentity } from './external-identity';

/**
 * Before a WeChat login (website or official account) is used to bind or to sign in: if WeChat
 * now names the unionid of an openid filed under its `appId:openid` account (the app joined an
 * Open Platform account since), that account is joined with the unionid's first, so the lookup
 * by key that follows finds the person's one account. Other providers have no such split.
 */
export function joinProvenWechatIdentity(
  store: Sequelize | Models,
  identity: ExternalIdentity,
  origin: MergeOrigin,
): Promise<MergeOutcome> {
  if (identity.provider !== 'wechat') return Promise.resolve('unchanged');
  return reconcileWechatIdentity(
    store,
    { appId: identity.appId, openid: identity.openId, unionid: identity.unionId },
    origin,
  );
}
