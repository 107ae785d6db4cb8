import jwt from 'jsonwebtoken';
import type { BaselineDeps } from './baseline-deps';
import { BaselineError } from './baseline-deps';
import { OK } from './wxa-authorize';

/**
 * GET /accounts/me: verify the JWT, then the server's three reads (user, openid, account), and
 * the binding the token was issued under must still be the account's.
 */
export async function accountsMe(deps: BaselineDeps, authorization: string): Promise<unknown> {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization.trim())?.[1];
  if (!token) throw new BaselineError(401, 'no token');
  const claims = jwt.verify(token, deps.jwtKey, {
    algorithms: ['HS256'],
    issuer: 'wechat-bind',
    audience: 'wechat-bind:accounts',
  }) as jwt.JwtPayload;
  const user = (await deps.pool.query('SELECT * FROM users WHERE id = $1', [claims.sub])).rows[0];
  const link = (
    await deps.pool.query(
      `SELECT * FROM external_openids
        WHERE provider = 'wechat' AND app_id = $1 AND open_id = $2 LIMIT 1`,
      [claims.aid, claims.openid],
    )
  ).rows[0];
  const account = link
    ? (
        await deps.pool.query('SELECT * FROM external_accounts WHERE id = $1', [
          link.external_account_id,
        ])
      ).rows[0]
    : undefined;
  if (
    !user ||
    !account ||
    account.user_id !== user.id ||
    new Date(account.bound_at).getTime() !== claims.bat
  ) {
    throw new BaselineError(401, 'invalid');
  }
  return {
    data: {
      avatar: user.avatar ?? account.avatar ?? '',
      created_at: claims.iat,
      expiration: claims.exp! - claims.iat!,
      mobile: user.mobile ?? '',
      openid: claims.openid,
      uid: user.id,
      username: user.name ?? account.nickname ?? '',
    },
    ...OK,
  };
}
