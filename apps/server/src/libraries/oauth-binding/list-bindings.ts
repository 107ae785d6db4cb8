import type { OAuthBinding } from '@wechat-bind/dto';
import type { Models } from '../../store/models';
import { selectRows } from '../../store/select-rows';
import type { Provider } from '../../store/models';
import { OAUTH_BINDING_TYPES, typeOf } from './binding-types';

/** The user's accounts: the `(user_id, provider)` unique index. */
export const LIST_BINDINGS_SQL =
  'SELECT provider, nickname, avatar, bound_at FROM external_accounts WHERE user_id = $1';

interface BindingRow {
  provider: Provider;
  nickname: string | null;
  avatar: string | null;
  bound_at: Date;
}

/** The user's bindings, WECHAT before DING_TALK (at most one of each). */
export async function listBindings(models: Models, userId: string): Promise<OAuthBinding[]> {
  const rows = await selectRows<BindingRow>(models, LIST_BINDINGS_SQL, [userId]);
  return rows
    .map((row) => ({
      type: typeOf[row.provider],
      nickname: row.nickname,
      avatar: row.avatar,
      // Bound rows always have a binding time: the table's check constraint says so.
      boundAt: row.bound_at.toISOString(),
    }))
    .sort((a, b) => OAUTH_BINDING_TYPES.indexOf(a.type) - OAUTH_BINDING_TYPES.indexOf(b.type));
}
