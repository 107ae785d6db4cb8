import type { Sequelize } from 'sequelize';
import type { Models } from '../../store/models';
import { selectRows } from '../../store/select-rows';
import type { WechatIds } from './account-key';
import { mustJoinUnionid } from './account-key';
import type { MergeOrigin, MergeOutcome } from './join-unionid';
import { joinUnionid } from './join-unionid';

/** The key of the account an openid is filed under. */
const FILED_ACCOUNT_KEY_SQL = `
  SELECT ea.account_key
    FROM external_openids eo JOIN external_accounts ea ON ea.id = eo.external_account_id
   WHERE eo.provider = 'wechat' AND eo.app_id = $1 AND eo.open_id = $2`;

/**
 * For flows that learn (appId, openid, unionid) together and have no statement of their own that
 * tells where the openid is filed (the web and official-account logins): one read, and the merge
 * transaction only when the openid's account is still its `appId:openid` one.
 */
export async function reconcileWechatIdentity(
  store: Sequelize | Models,
  ids: WechatIds,
  origin: MergeOrigin,
): Promise<MergeOutcome> {
  if (ids.unionid === null) return 'unchanged';
  const [filed] = await selectRows<{ account_key: string }>(store, FILED_ACCOUNT_KEY_SQL, [
    ids.appId,
    ids.openid,
  ]);
  if (!filed || !mustJoinUnionid(filed.account_key, ids)) return 'unchanged';
  return joinUnionid(store, ids, origin);
}
