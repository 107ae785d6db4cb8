/** The statements of a merge (join-unionid.ts), each on a primary key or a unique index. */

export const ACCOUNT_COLUMNS = 'id, account_key, user_id, bound_at, nickname, avatar, gender';

/** The unionid's account, locked first: every merge into it queues here. */
export const LOCK_UNIONID_ACCOUNT_SQL = `
  SELECT ${ACCOUNT_COLUMNS} FROM external_accounts
   WHERE provider = 'wechat' AND account_key = $1
     FOR UPDATE`;

/** The openid's filing, locked next, so it cannot move while the merge decides. */
export const LOCK_OPENID_SQL = `
  SELECT external_account_id FROM external_openids
   WHERE provider = 'wechat' AND app_id = $1 AND open_id = $2
     FOR UPDATE`;

/** The account the openid is filed under, locked last of the accounts. */
export const LOCK_ACCOUNT_SQL = `
  SELECT ${ACCOUNT_COLUMNS} FROM external_accounts WHERE id = $1 FOR UPDATE`;

/** No account has the unionid yet: the `appId:openid` account becomes the unionid's. */
export const REKEY_ACCOUNT_SQL = `
  UPDATE external_accounts
     SET account_key = $2, union_id = $2, updated_at = now()
   WHERE id = $1`;

/** Every openid of the old account (one per app it was seen in) moves to the unionid's. */
export const MOVE_OPENIDS_SQL = `
  UPDATE external_openids SET external_account_id = $2, updated_at = now()
   WHERE external_account_id = $1`;

/** The old account, emptied; deleted before the binding moves, which frees its user's slot. */
export const DELETE_ACCOUNT_SQL = 'DELETE FROM external_accounts WHERE id = $1';

/**
 * The unionid's account takes the binding that survives, and fills the profile fields it lacks
 * from the old account (what it already has is kept: every other app shows it).
 */
export const TAKE_OVER_SQL = `
  UPDATE external_accounts
     SET user_id = $2, bound_at = $3,
         nickname = COALESCE(nickname, $4), avatar = COALESCE(avatar, $5),
         gender = COALESCE(gender, $6), union_id = account_key, updated_at = now()
   WHERE id = $1`;
