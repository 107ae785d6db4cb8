import type { OAuthBinding } from '@wechat-bind/dto';
import type { Models } from '../../store/models';
import { OAUTH_BINDING_TYPES, typeOf } from './binding-types';

/** The user's bindings, WECHAT before DING_TALK (at most one of each). */
export async function listBindings(models: Models, userId: string): Promise<OAuthBinding[]> {
  const rows = await models.ExternalAccount.findAll({
    where: { userId },
    attributes: ['provider', 'nickname', 'avatar', 'boundAt'],
  });
  return rows
    .map((row) => ({
      type: typeOf[row.provider],
      nickname: row.nickname,
      avatar: row.avatar,
      // Bound rows always have a binding time: the table's check constraint says so.
      boundAt: (row.boundAt as Date).toISOString(),
    }))
    .sort((a, b) => OAUTH_BINDING_TYPES.indexOf(a.type) - OAUTH_BINDING_TYPES.indexOf(b.type));
}
