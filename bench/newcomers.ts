import type { Models, SecretBox } from '@wechat-bind/server/testing';
import { createUser, issueApiKey } from '@wechat-bind/server/testing';
import { signRequest } from '@wechat-bind/signature';
import type { SandboxControl } from '@wechat-bind/wechat-sandbox';
import { BENCH_APPS } from './bench-apps';
import { mapLimit } from './concurrency';

/**
 * A user of ours with a Caa API key and no WeChat account yet, and a WeChat user who has never
 * met the server (no account row, no openid): the two halves of a first PUT /api/my/bind-weixin.
 * A user may bind once; a second bind, the same account included, is 403, so each newcomer
 * serves one measured request.
 */
export interface Newcomer {
  userId: string;
  apiKey: string;
  apiSecret: string;
  unionid: string;
}

/**
 * `count` newcomers, as an operator and WeChat make them: the user and the key through the admin
 * CLI's library functions (`npm run cli -- user create`, `api-key issue`), the WeChat user in the
 * sandbox. Nothing of the WeChat side reaches our database before the bind itself.
 */
export async function createNewcomers(
  models: Models,
  secretBox: SecretBox,
  control: SandboxControl,
  { count, label }: { count: number; label: string },
): Promise<Newcomer[]> {
  return mapLimit(
    Array.from({ length: count }, (_, index) => index),
    8,
    async (index) => {
      const user = await createUser(models, { name: `bench-${label}-${index}` });
      const key = await issueApiKey(models, secretBox, { userId: user.id });
      const wechat = await control.registerWechatUser({
        nickname: `bench-${label}-${index}`,
        avatar: `https://example.com/bench/${label}/${index}.png`,
        gender: 2,
      });
      return {
        userId: user.id,
        apiKey: key.apiKey,
        apiSecret: key.apiSecret,
        unionid: wechat.unionid,
      };
    },
  );
}

/** What the WeChat SDK login gives the mobile app, for the openid it names. */
export interface MobileGrant {
  accessToken: string;
  openid: string;
}

/** A fresh mobile-app user token for `newcomer`, from the sandbox. */
export async function mintMobileGrant(
  control: SandboxControl,
  newcomer: Newcomer,
): Promise<MobileGrant> {
  const grant = await control.mintUserAccessToken({
    appid: BENCH_APPS.mobile.appId,
    user: newcomer.unionid,
  });
  return { accessToken: grant.access_token, openid: grant.openid };
}

/** The JSON text and Caa header of `newcomer`'s first bind, signed at `timestamp`. */
export function signFirstBind(
  newcomer: Newcomer,
  grant: MobileGrant,
  timestamp: number,
): { authorization: string; body: string } {
  const body = JSON.stringify({
    accessToken: grant.accessToken,
    openid: grant.openid,
    unionid: newcomer.unionid,
    userId: newcomer.userId,
  });
  const authorization = signRequest({
    apiKey: newcomer.apiKey,
    apiSecret: newcomer.apiSecret,
    method: 'PUT',
    target: '/api/my/bind-weixin',
    timestamp,
    body,
  });
  return { authorization, body };
}
