import { MP_APP, WEB_APP } from '../support/oauth-binding-kit';
import type { OnePersonKit } from '../support/one-person-kit';
import { MINI_APP, resetOpenPlatforms, startOnePersonKit } from '../support/one-person-kit';
import { SESSION_PATH } from '../support/web-session-kit';

/**
 * The website app joins the Open Platform after an administrator bound their WeChat through it:
 * the next website login brings the unionid with the openid filed under `appId:openid`, and both
 * the administrator's binding (02/03) and the settings page's sign-in find the person's one
 * account.
 */
describe('website logins once the website app has joined the Open Platform', () => {
  let kit: OnePersonKit;
  beforeAll(async () => {
    kit = await startOnePersonKit();
  });
  afterAll(() => kit.close());
  beforeEach(async () => {
    await resetOpenPlatforms(kit);
    await kit.openPlatform(WEB_APP.appId, false);
  });

  /** An administrator who bound `unionid` through the website while it hid unionids. */
  async function boundBeforeJoining(unionid: string) {
    const admin = await kit.admin.newAdmin();
    expect((await kit.admin.bind(admin, 'WECHAT', unionid)).status).toBe(200);
    const key = `${WEB_APP.appId}:${await kit.openidOf(unionid, WEB_APP.appId)}`;
    const [account] = await kit.accounts(key);
    expect(account).toMatchObject({ user_id: admin.userId, union_id: null });
    return { admin, key, account: account! };
  }

  /** The settings page's WeChat sign-in, as a browser: answers the reply. */
  async function webSignIn(unionid: string) {
    const browser = kit.web.newBrowser();
    const started = await browser.post(`${SESSION_PATH}/authorize-url`, { type: 'WECHAT' });
    const { code, state } = await kit.admin.approveDirectly(started.body.data, unionid);
    return browser.post(SESSION_PATH, { type: 'WECHAT', code, state });
  }

  it('binding again merges the website account into the unionid account the mini-program made', async () => {
    const unionid = await kit.newPerson();
    const { admin, key, account: source } = await boundBeforeJoining(unionid);
    await kit.openPlatform(MINI_APP.appId, true);
    expect((await kit.miniSignIn(unionid)).body.data.unionid).toBe(unionid);
    const [target] = await kit.accounts(unionid);

    await kit.openPlatform(WEB_APP.appId, true);
    const response = await kit.admin.bind(admin, 'WECHAT', unionid);

    expect({ status: response.status, body: response.body }).toEqual({
      status: 200,
      body: { code: 200, data: '绑定成功', msg: 'success' },
    });
    expect(await kit.accounts(key)).toEqual([]);
    expect(await kit.accounts(unionid)).toEqual([
      expect.objectContaining({ id: target!.id, user_id: admin.userId, bound_at: source.bound_at }),
    ]);
    expect(await kit.filings(unionid)).toEqual({
      [WEB_APP.appId]: target!.id,
      [MINI_APP.appId]: target!.id,
    });
    const audits = await kit.mergeAudits(unionid);
    expect(audits).toEqual([
      expect.objectContaining({
        actor_type: 'personal_access_token',
        actor_id: admin.tokenId,
        details: expect.objectContaining({
          outcome: 'merged',
          via: 'oauth-binding',
          appId: WEB_APP.appId,
          boundTo: admin.userId,
        }),
      }),
    ]);
    // The mini-program now sees the administrator's binding too.
    expect((await kit.miniSignIn(unionid)).body.data).toMatchObject({ unionid, bound: false });
    expect((await kit.accounts(unionid))[0]!.user_id).toBe(admin.userId);
  });

  it('the settings page signs the person in through the re-keyed account', async () => {
    const unionid = await kit.newPerson();
    const { admin, account } = await boundBeforeJoining(unionid);

    await kit.openPlatform(WEB_APP.appId, true);
    const response = await webSignIn(unionid);

    expect(response.status).toBe(200);
    expect(response.body.data.user.id).toBe(admin.userId);
    expect(await kit.accounts(unionid)).toEqual([
      expect.objectContaining({ id: account.id, union_id: unionid, user_id: admin.userId }),
    ]);
    const audits = await kit.mergeAudits(unionid);
    expect(audits.map((audit) => [audit.details.outcome, audit.details.via])).toEqual([
      ['rekeyed', 'web-sign-in'],
    ]);
  });

  it('refuses with 403 in the administrator envelope when both users hold data', async () => {
    const unionid = await kit.newPerson();
    const { admin, key } = await boundBeforeJoining(unionid);
    const other = await kit.admin.newAdmin();
    expect((await kit.admin.bind(other, 'WECHAT_MP', unionid)).status).toBe(200);
    expect(await kit.accounts(unionid)).toEqual([
      expect.objectContaining({ user_id: other.userId }),
    ]);
    const before = await kit.accounts(key, unionid);
    const filedBefore = await kit.filings(unionid);

    await kit.openPlatform(WEB_APP.appId, true);
    const refusal = {
      code: 403,
      msg: '该微信账号已分别绑定两个不同的用户，无法自动合并，请联系管理员',
    };
    const bind = await kit.admin.bind(admin, 'WECHAT', unionid);
    expect({ status: bind.status, body: bind.body }).toEqual({ status: 403, body: refusal });
    const signIn = await webSignIn(unionid);
    expect({ status: signIn.status, body: signIn.body }).toEqual({ status: 403, body: refusal });

    expect(await kit.accounts(key, unionid)).toEqual(before);
    expect(await kit.filings(unionid)).toEqual(filedBefore);
    expect(filedBefore[MP_APP.appId]).toBeDefined();
    const audits = await kit.mergeAudits(unionid);
    expect(audits.map((audit) => [audit.details.outcome, audit.details.via])).toEqual([
      ['refused', 'oauth-binding'],
      ['refused', 'web-sign-in'],
    ]);
  });
});
