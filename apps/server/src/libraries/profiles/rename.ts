import type { ProfileOrigin, ProfilesContext } from './context';
import { normalizeNickname } from './nickname';
import { setOwnField } from './set-own-field';

/**
 * The signed-in user chooses their name (users.name), which every contract then shows instead of
 * the WeChat profile's. Locked and audited in one transaction; the same name again changes
 * nothing and writes no audit row.
 */
export async function rename(
  context: ProfilesContext,
  input: { userId: string; nickname: string },
  origin: ProfileOrigin,
): Promise<{ name: string }> {
  const name = normalizeNickname(input.nickname);
  await setOwnField(
    context,
    {
      userId: input.userId,
      field: 'name',
      value: name,
      action: 'profile.rename',
      details: (previous) => ({ from: previous, to: name }),
    },
    origin,
  );
  return { name };
}
