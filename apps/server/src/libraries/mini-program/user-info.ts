import type { WxaGender } from '@wechat-bind/dto';
import { WechatCryptoError, decryptData } from '@wechat-bind/wechat-crypto';
import type { Gender } from '../../store/models';
import { MiniProgramError } from './errors';

/** The profile a mini-program user shares. Ids in the decrypted data are ignored on purpose. */
export interface WxaProfile {
  nickname: string;
  avatar: string;
  gender: WxaGender;
}

const MAX_NICKNAME_LENGTH = 64;
const MAX_AVATAR_LENGTH = 1024;

/**
 * Decrypts `encrypted_data` with the session key code2session gave (WXBizDataCrypt), insisting
 * the watermark names `appId`, and keeps only the profile. openid and unionid come from
 * code2session alone: a forged payload must not be able to claim another user's ids.
 */
export function decryptProfile(input: {
  sessionKey: string;
  encryptedData: string;
  iv: string;
  appId: string;
}): WxaProfile {
  let data: Record<string, unknown>;
  try {
    data = decryptData(input);
  } catch (error) {
    if (error instanceof WechatCryptoError) {
      throw new MiniProgramError('undecryptable', { decryptFailure: error.reason, cause: error });
    }
    throw error;
  }
  const text = (value: unknown, max: number) =>
    typeof value === 'string' ? value.trim().slice(0, max) : '';
  return {
    nickname: text(data.nickName, MAX_NICKNAME_LENGTH),
    avatar: text(data.avatarUrl, MAX_AVATAR_LENGTH),
    gender: data.gender === 1 || data.gender === 2 ? data.gender : 0,
  };
}

/** WeChat's 0/1/2 in the store's words (users.gender, external_accounts.gender). */
export const storedGender = (gender: WxaGender): Gender =>
  gender === 1 ? 'male' : gender === 2 ? 'female' : 'secret';
