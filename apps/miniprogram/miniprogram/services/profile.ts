import type { AccountsMeData } from '@wechat-bind/dto';
import { updateMe } from './accounts';
import { withSession } from './session';
import { uploadAvatar } from './upload';

/**
 * The user's name and picture, filled in with WeChat's own controls: `<input type="nickname">`
 * and `<button open-type="chooseAvatar">`. WeChat no longer hands apps the real profile
 * (`getUserProfile` answers "微信用户" and a grey avatar), so what the user picks here is what
 * the account shows.
 */

/** Saves the nickname the user typed; resolves to the user as the server now has them. */
export const saveNickname = (nickname: string): Promise<AccountsMeData> =>
  withSession((token) => updateMe(token, { nickname }));

/** Uploads the chosen avatar (a temporary file path); resolves to its URL on the server. */
export async function saveAvatar(filePath: string): Promise<string> {
  const { avatar_url } = await withSession((token) => uploadAvatar(token, filePath));
  return avatar_url;
}

/** The name WeChat gives everyone today: a user with it has not chosen one yet. */
export const ANONYMOUS_NICKNAME = '微信用户';

/** A nickname as the user meant it: trimmed; WeChat's input may add spaces around a pick. */
export const cleanNickname = (value: string): string => value.trim();
