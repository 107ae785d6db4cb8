import type { AccountsMeData } from '@wechat-bind/dto';
import type { MiniProgramContext } from './context';
import { selectRows } from '../../store/select-rows';
import { MiniProgramError } from './errors';
import { userFields } from './session-data';

const bearerPattern = /^Bearer\s+(\S+)$/i;

interface SessionRow {
  id: string;
  mobile: string | null;
  name: string | null;
  avatar: string | null;
  nickname: string | null;
  account_avatar: string | null;
  bound_at: Date;
}

/**
 * The token's user and the account its openid is filed under, in one statement through the
 * `(provider, app_id, open_id)` primary key and the users' primary key. A row only while that
 * account is still bound to the token's user; whether by the same binding is `bound_at`'s test.
 */
export const SESSION_OF_TOKEN_SQL = `
  SELECT u.id, u.mobile, u.name, u.avatar, ea.nickname, ea.avatar AS account_avatar, ea.bound_at
    FROM external_openids eo
    JOIN external_accounts ea ON ea.id = eo.external_account_id
    JOIN users u ON u.id = ea.user_id
   WHERE eo.provider = 'wechat' AND eo.app_id = $1 AND eo.open_id = $2 AND u.id = $3`;

/**
 * GET /accounts/me: who a session token belongs to, so a client can check it. The token must be
 * valid and its openid still bound to its user by the binding it was issued under: unbinding the
 * identity (through any contract) ends its tokens, and binding it again does not revive them,
 * because the new binding has a new `bound_at`.
 */
export async function me(
  context: MiniProgramContext,
  authorization: string | undefined,
): Promise<AccountsMeData> {
  const token = authorization?.trim().match(bearerPattern)?.[1];
  if (!token) throw new MiniProgramError('sign_in_required');
  const claims = context.tokens.verify(token);

  const [row] = await selectRows<SessionRow>(context.sequelize, SESSION_OF_TOKEN_SQL, [
    claims.appId,
    claims.openid,
    claims.userId,
  ]);
  if (!row || row.bound_at.getTime() !== claims.boundAt)
    throw new MiniProgramError('token_invalid');

  const user = { id: row.id, mobile: row.mobile, name: row.name, avatar: row.avatar };
  const account = { nickname: row.nickname, avatar: row.account_avatar };
  return userFields(user, account, claims.openid, {
    createdAt: claims.issuedAt,
    expiration: claims.expiresAt - claims.issuedAt,
  });
}
