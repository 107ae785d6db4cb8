import type { AccountsMeData } from '@wechat-bind/dto';
import type { MiniProgramContext } from './context';
import { MiniProgramError } from './errors';
import { userFields } from './session-data';

const bearerPattern = /^Bearer\s+(\S+)$/i;

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

  const user = await context.models.User.findByPk(claims.userId);
  const link = await context.models.ExternalOpenId.findOne({
    where: { provider: 'wechat', appId: claims.appId, openId: claims.openid },
  });
  const account = link
    ? await context.models.ExternalAccount.findByPk(link.externalAccountId)
    : null;
  if (
    !user ||
    !account ||
    account.userId !== user.id ||
    account.boundAt?.getTime() !== claims.boundAt
  ) {
    throw new MiniProgramError('token_invalid');
  }

  return userFields(user, account, claims.openid, {
    createdAt: claims.issuedAt,
    expiration: claims.expiresAt - claims.issuedAt,
  });
}
