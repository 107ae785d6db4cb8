import type { SandboxControl } from '@wechat-bind/wechat-sandbox';
import { QueryTypes } from 'sequelize';
import type request from 'supertest';
import { createUser } from '../../src/libraries/users';
import type { AdministratorKit } from './oauth-binding-kit';
import { MP_APP, WEB_APP } from './oauth-binding-kit';
import type { TestContext } from './test-context';
import { unique } from './test-context';
import { uniqueMobile } from './test-data';
import type { WebSessionKit } from './web-session-kit';
import { startWebSessionKit } from './web-session-kit';

/**
 * One WeChat person seen through several apps: the web-session kit (the administrator's web and
 * official-account logins, the settings page's sign-in, an SMS gateway) plus a mini-program on the
 * same server, all answered by one sandbox. Every app can be switched in and out of the Open
 * Platform account, so a test can play "this app joined later" through the real clients.
 */

export const MINI_APP = { appId: 'wx0merge0mini0app0', secret: 'merge-mini-program-secret' };

export interface AccountRow {
  id: string;
  account_key: string;
  union_id: string | null;
  user_id: string | null;
  bound_at: Date | null;
  nickname: string | null;
}

export interface MergeAudit {
  action: string;
  actor_type: string;
  actor_id: string | null;
  subject_id: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

export interface OnePersonKit {
  web: WebSessionKit;
  admin: AdministratorKit;
  control: SandboxControl;
  context: TestContext;
  /** A WeChat person in the sandbox; answers their unionid. */
  newPerson(): Promise<string>;
  /** What the mini-program sends to wxa_authorize as `unionid`: a fresh js_code and profile. */
  miniSignInBody(unionid: string): Promise<Record<string, string>>;
  /** POST /accounts/wxa_authorize with `body` (default: a fresh miniSignInBody). */
  miniSignIn(unionid: string, body?: Record<string, string>): Promise<request.Response>;
  /** The app joins (true) or leaves (false) the Open Platform account. */
  openPlatform(appId: string, joined: boolean): Promise<void>;
  /** A user with a mobile (it holds data), or with a name only (it holds none). */
  newUser(options?: { mobile?: boolean }): Promise<string>;
  /** Binds the account keyed `accountKey` to `userId`, as an earlier flow would have. */
  bindInStore(accountKey: string, userId: string): Promise<void>;
  /** The WeChat accounts with these keys, in key order. */
  accounts(...keys: string[]): Promise<AccountRow[]>;
  /** The person's openid in `appId`, as the sandbox gave it. */
  openidOf(unionid: string, appId: string): Promise<string>;
  /** appId → the account each openid the person has (in the sandbox) is filed under. */
  filings(unionid: string): Promise<Record<string, string>>;
  /** The `wechat.merge` rows naming `unionid`, oldest first. */
  mergeAudits(unionid: string): Promise<MergeAudit[]>;
  close(): Promise<void>;
}

export async function startOnePersonKit(): Promise<OnePersonKit> {
  const web = await startWebSessionKit({
    wechatApps: [{ appid: MINI_APP.appId, secret: MINI_APP.secret, openPlatform: false }],
    upstreams: { miniprogramApps: [MINI_APP] },
  });
  const { admin } = web;
  const { control, context } = admin;
  const openidsOf = async (unionid: string) => {
    const { users } = await control.listWechatUsers();
    return users.find((user) => user.unionid === unionid)?.openids ?? {};
  };
  const select = <Row extends object>(sql: string, bind: unknown[]) =>
    context.sequelize.query<Row>(sql, { bind, type: QueryTypes.SELECT });

  const kit: OnePersonKit = {
    web,
    admin,
    control,
    context,
    newPerson: () => admin.newWechatUser(),
    async miniSignInBody(unionid) {
      const { js_code, session_key } = await control.mintJsCode({
        appid: MINI_APP.appId,
        user: unionid,
      });
      // Sealed with this code's own session key, so bodies made one after another stay valid
      // together (as on two phones), each with the login it came from.
      const { encrypted_data, iv } = await control.mintEncryptedData({
        appid: MINI_APP.appId,
        user: unionid,
        session_key,
      });
      return { js_code, encrypted_data, iv, auth_app_id: MINI_APP.appId };
    },
    async miniSignIn(unionid, body) {
      return admin
        .http()
        .post('/accounts/wxa_authorize')
        .send(body ?? (await kit.miniSignInBody(unionid)));
    },
    async openPlatform(appId, joined) {
      await control.setOpenPlatform(appId, joined);
    },
    async newUser({ mobile = false } = {}) {
      const user = await createUser(context.models, {
        name: unique('person'),
        mobile: mobile ? uniqueMobile() : undefined,
      });
      return user.id;
    },
    async bindInStore(accountKey, userId) {
      await context.sequelize.query(
        `UPDATE external_accounts SET user_id = $2, bound_at = now()
          WHERE provider = 'wechat' AND account_key = $1`,
        { bind: [accountKey, userId] },
      );
    },
    accounts: (...keys) =>
      select<AccountRow>(
        `SELECT id, account_key, union_id, user_id, bound_at, nickname FROM external_accounts
          WHERE provider = 'wechat' AND account_key = ANY($1) ORDER BY account_key`,
        [keys],
      ),
    async openidOf(unionid, appId) {
      const openid = (await openidsOf(unionid))[appId];
      if (!openid) throw new Error(`${unionid} has not met ${appId}`);
      return openid;
    },
    async filings(unionid) {
      const openids = await openidsOf(unionid);
      const rows = await select<{ app_id: string; external_account_id: string }>(
        `SELECT app_id, external_account_id FROM external_openids
          WHERE provider = 'wechat' AND open_id = ANY($1)`,
        [Object.values(openids)],
      );
      return Object.fromEntries(rows.map((row) => [row.app_id, row.external_account_id]));
    },
    mergeAudits: (unionid) =>
      select<MergeAudit>(
        `SELECT action, actor_type, actor_id, subject_id, ip, details FROM audit_events
          WHERE action = 'wechat.merge' AND details->>'unionid' = $1 ORDER BY id`,
        [unionid],
      ),
    close: () => web.close(),
  };
  return kit;
}

/** Every app back as a test starts: the mini-program outside the Open Platform, the others in. */
export async function resetOpenPlatforms(kit: OnePersonKit): Promise<void> {
  await kit.openPlatform(MINI_APP.appId, false);
  await kit.openPlatform(WEB_APP.appId, true);
  await kit.openPlatform(MP_APP.appId, true);
}
