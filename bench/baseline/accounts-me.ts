import jwt from 'jsonwebtoken';
import type { BaselineDeps } from './baseline-deps';
import { BaselineError } from './baseline-deps';
import { OK } from './wxa-authorize';

/**
 * GET /accounts/me: verify the JWT, then the server's one read (the openid's account joined to the
 * token's user), and the binding the token was issued under must still be the account's.
 */
export async function accountsMe(deps: BaselineDeps, authorization: string): Promise<unknown> {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization.trim())?.[1];
  if (!token) throw new BaselineError(401, 'no token');
  const claims = jwt.verify(token, deps.jwtKey, {
    algorithms: ['HS256'],
    issuer: 'wechat-bind',
    audience: 'wechat-bind:accounts',
  }) as jwt.JwtPayload;
  const row = (
    await deps.pool.query(
      `SELECT u.id, u.mobile, u.name, u.avatar, ea.nickname, ea.avatar AS account_avatar, ea.bound_at
         FROM external_openids eo
         JOIN external_accounts ea ON ea.id = eo.external_account_id
         JOIN users u ON u.id = ea.user_id
        WHERE eo.provider = 'wechat' AND eo.app_id = $1 AND eo.open_id = $2 AND u.id = $3`,
      [claims.aid, claims.openid, claims.sub],
    )
  ).rows[0];
  if (!row || new Date(row.bound_at).getTime() !== claims.bat) {
    throw new BaselineError(401, 'invalid');
  }
  return {
    data: {
      avatar: row.avatar ?? row.account_avatar ?? '',
      created_at: claims.iat,
      expiration: claims.exp! - claims.iat!,
      mobile: row.mobile ?? '',
      openid: claims.openid,
      uid: row.id,
      username: row.name ?? row.nickname ?? '',
    },
    ...OK,
  };
}
