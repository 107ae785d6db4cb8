import { signRequest } from '@wechat-bind/signature';
import type { SandboxControl } from '@wechat-bind/wechat-sandbox';
import { issueApiKey } from '../apps/server/src/libraries/api-keys';
import { createClientAppKey } from '../apps/server/src/libraries/client-app-keys';
import { issuePersonalAccessToken } from '../apps/server/src/libraries/personal-access-tokens';
import { createSecretBox } from '../apps/server/src/libraries/secret-box';
import { createLogger } from '../apps/server/src/logger';
import { createSequelize } from '../apps/server/src/store/database';
import { defineModels } from '../apps/server/src/store/models';
import { BENCH_APPS, BENCH_SECRETS } from './bench-apps';
import { mapLimit } from './concurrency';
import { expectOk, requestJson } from './http';

/** One person of the data set: a WeChat user, signed in, with a user of ours and credentials. */
export interface Person {
  unionid: string;
  /** Openid in the mini-program. */
  openid: string;
  userId: string;
  /** Mini-program session token (GET /accounts/me). */
  jwt: string;
  apiKey: string;
  apiSecret: string;
  /** What the mobile app holds for PUT /api/my/bind-weixin. */
  mobile: { accessToken: string; openid: string };
}

export interface Population {
  people: Person[];
  /** Personal access tokens, of the first people (GET /api/administrator/...). */
  adminTokens: string[];
  clientKey: string;
}

/** The JSON text and Caa header of PUT /api/my/bind-weixin for `person`, signed at `timestamp`. */
export function signedBind(
  person: Person,
  timestamp: number,
): { authorization: string; body: string } {
  const body = JSON.stringify({
    accessToken: person.mobile.accessToken,
    openid: person.mobile.openid,
    unionid: person.unionid,
    userId: person.userId,
  });
  const authorization = signRequest({
    apiKey: person.apiKey,
    apiSecret: person.apiSecret,
    method: 'PUT',
    target: '/api/my/bind-weixin',
    timestamp,
    body,
  });
  return { authorization, body };
}

/** The body of a sign-in: a fresh js_code and the profile encrypted with its session key. */
export async function authorizeBody(control: SandboxControl, unionid: string): Promise<string> {
  const appid = BENCH_APPS.miniprogram.appId;
  const login = await control.mintJsCode({ appid, user: unionid });
  const profile = await control.mintEncryptedData({
    appid,
    user: unionid,
    session_key: login.session_key,
  });
  return JSON.stringify({
    js_code: login.js_code,
    encrypted_data: profile.encrypted_data,
    iv: profile.iv,
    auth_app_id: appid,
  });
}

/**
 * Builds the data set through the server itself where a user would (sign in, bind a phone, bind
 * WeChat with a signed request) and through the libraries where an operator would (`npm run cli`:
 * API keys, access tokens, a client key). Afterwards every endpoint under test is in its steady
 * state: returning users, bound accounts.
 */
export async function seedPopulation({
  size,
  serverUrl,
  databaseUrl,
  control,
  say,
}: {
  size: number;
  serverUrl: string;
  databaseUrl: string;
  control: SandboxControl;
  say: (line: string) => void;
}): Promise<Population> {
  const appid = BENCH_APPS.miniprogram.appId;
  // Mainland mobiles run from 13x to 19x: start low enough that base + size stays below 20x.
  const base = 13_000_000_000 + Math.floor(Math.random() * 6_000_000_000);
  say(`set-up: ${size} WeChat users sign in to the mini-program and bind their phones`);
  const signedIn = await mapLimit(
    Array.from({ length: size }, (_, index) => index),
    16,
    async (index) => {
      const person = await control.registerWechatUser({
        nickname: `bench-${index}`,
        avatar: `https://example.com/bench/${index}.png`,
        gender: 1,
        phone: String(base + index),
      });
      const authorized = await requestJson(`${serverUrl}/accounts/wxa_authorize`, {
        body: await authorizeBody(control, person.unionid),
      });
      expectOk('wxa_authorize', authorized);
      const openid = authorized.body.data.openid as string;
      const phone = await control.mintPhoneCode({ appid, user: person.unionid });
      const bound = await requestJson(`${serverUrl}/accounts/wxa_bind_mobile`, {
        body: { auth_app_id: appid, openid, phone_code: phone.code },
      });
      expectOk('wxa_bind_mobile', bound);
      return {
        unionid: person.unionid,
        openid,
        userId: bound.body.data.uid as string,
        jwt: bound.body.data.token as string,
      };
    },
  );

  say('set-up: API keys, personal access tokens and a client key, as the admin CLI issues them');
  const logger = createLogger({ level: 'warn' });
  const sequelize = createSequelize({ url: databaseUrl, poolMax: 4, logger });
  const models = defineModels(sequelize);
  const secretBox = createSecretBox(Buffer.from(BENCH_SECRETS.dataKey, 'base64'));
  let people: Person[];
  let adminTokens: string[];
  let clientKey: string;
  try {
    people = await mapLimit(signedIn, 4, async (person) => {
      const key = await issueApiKey(models, secretBox, { userId: person.userId });
      const grant = await control.mintUserAccessToken({
        appid: BENCH_APPS.mobile.appId,
        user: person.unionid,
      });
      return {
        ...person,
        apiKey: key.apiKey,
        apiSecret: key.apiSecret,
        mobile: { accessToken: grant.access_token, openid: grant.openid },
      };
    });
    adminTokens = await mapLimit(people.slice(0, 50), 4, async (person) => {
      const issued = await issuePersonalAccessToken(models, {
        userId: person.userId,
        name: 'bench',
      });
      return issued.token;
    });
    clientKey = (await createClientAppKey(models, { name: 'bench' })).key;
  } finally {
    await sequelize.close();
  }

  say('set-up: each user binds the mobile app with a signed PUT /api/my/bind-weixin');
  await mapLimit(people, 16, async (person) => {
    const { authorization, body } = signedBind(person, Date.now());
    const reply = await requestJson(`${serverUrl}/api/my/bind-weixin`, {
      method: 'PUT',
      headers: { authorization },
      body,
    });
    expectOk('bind-weixin', reply);
  });
  return { people, adminTokens, clientKey };
}
