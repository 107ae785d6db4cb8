import type { SandboxControl } from '@wechat-bind/wechat-sandbox';
import type { Models, SecretBox } from '@wechat-bind/server/testing';
import {
  createClientAppKey,
  createLogger,
  createSecretBox,
  createSequelize,
  defineModels,
  issuePersonalAccessToken,
} from '@wechat-bind/server/testing';
import { BENCH_APPS, BENCH_SECRETS } from './bench-apps';
import { mapLimit } from './concurrency';
import { expectOk, requestJson } from './http';
import type { Newcomer } from './newcomers';
import { createNewcomers } from './newcomers';

/** One person of the data set: a WeChat user, signed in, with a user of ours and credentials. */
export interface Person {
  unionid: string;
  /** Openid in the mini-program. */
  openid: string;
  userId: string;
  /** Mini-program session token (GET /accounts/me). */
  jwt: string;
}

export interface Population {
  people: Person[];
  /** Personal access tokens, of the first people (GET /api/administrator/...). */
  adminTokens: string[];
  clientKey: string;
  /**
   * Users still to bind WeChat for the first time, a set for each side: the two share the
   * database, so a user the server has bound would be refused (403) by the baseline's rules too.
   */
  newcomers: Record<'server' | 'baseline', Newcomer[]>;
  /** The first of the people's mobiles (base + index): bulk seeding keeps clear of the range. */
  mobileBase: number;
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
 * Builds the data set through the server itself where a user would (sign in, bind a phone) and
 * through the libraries where an operator would (`npm run cli`: access tokens, a client key, and
 * the newcomers' users and API keys). Afterwards every endpoint under test is in its steady
 * state: returning users, bound accounts, and for bind-weixin `newcomersPerSide` users on each
 * side who have not bound WeChat yet.
 */
export async function seedPopulation({
  size,
  newcomersPerSide,
  serverUrl,
  databaseUrl,
  control,
  say,
}: {
  size: number;
  newcomersPerSide: number;
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
        body: {
          auth_app_id: appid,
          openid,
          session_token: authorized.body.data.session_token,
          phone_code: phone.code,
        },
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

  say(
    'set-up: personal access tokens and a client key, as the admin CLI issues them' +
      (newcomersPerSide > 0
        ? `; ${newcomersPerSide} users per side with an API key and no WeChat account yet`
        : ''),
  );
  return withModels(databaseUrl, async (models, secretBox) => {
    const adminTokens = await mapLimit(signedIn.slice(0, 50), 4, async (person) => {
      const issued = await issuePersonalAccessToken(models, {
        userId: person.userId,
        name: 'bench',
      });
      return issued.token;
    });
    const clientKey = (await createClientAppKey(models, { name: 'bench' })).key;
    const newcomers = await newcomerSets(models, secretBox, control, newcomersPerSide);
    return { people: signedIn, adminTokens, clientKey, newcomers, mobileBase: base };
  });
}

/** Runs `work` with the models and the secret box of a short-lived connection to the database. */
async function withModels<T>(
  databaseUrl: string,
  work: (models: Models, secretBox: SecretBox) => Promise<T>,
): Promise<T> {
  const logger = createLogger({ level: 'warn' });
  const sequelize = createSequelize({ url: databaseUrl, poolMax: 8, logger });
  try {
    return await work(
      defineModels(sequelize),
      createSecretBox(Buffer.from(BENCH_SECRETS.dataKey, 'base64')),
    );
  } finally {
    await sequelize.close();
  }
}

/** `perSide` newcomers for each side; a `round` names them apart from earlier rounds' ones. */
async function newcomerSets(
  models: Models,
  secretBox: SecretBox,
  control: SandboxControl,
  perSide: number,
  round?: string,
): Promise<Population['newcomers']> {
  const label = (side: string) => (round ? `${side}-${round}` : side);
  return {
    server: await createNewcomers(models, secretBox, control, {
      count: perSide,
      label: label('server'),
    }),
    baseline: await createNewcomers(models, secretBox, control, {
      count: perSide,
      label: label('baseline'),
    }),
  };
}

/**
 * Fresh newcomers for another round of bind-weixin (the next size of a scale run): the ones made
 * before have bound and would now be refused.
 */
export async function addNewcomers({
  perSide,
  round,
  databaseUrl,
  control,
  say,
}: {
  perSide: number;
  round: string;
  databaseUrl: string;
  control: SandboxControl;
  say: (line: string) => void;
}): Promise<Population['newcomers']> {
  if (perSide === 0) return { server: [], baseline: [] };
  say(`set-up: ${perSide} users per side with an API key and no WeChat account yet`);
  return withModels(databaseUrl, (models, secretBox) =>
    newcomerSets(models, secretBox, control, perSide, round),
  );
}
