import type { OnePersonKit } from '../support/one-person-kit';
import { MINI_APP, resetOpenPlatforms, startOnePersonKit } from '../support/one-person-kit';
import { WEB_APP } from '../support/oauth-binding-kit';
import { watchSql } from '../support/test-context';

/**
 * A mini-program that joins the Open Platform account after its users signed in: their next
 * wxa_authorize brings the unionid with the openid the server filed under `appId:openid`, and
 * the two accounts of the one person become one (docs/data-model.md, "One person across apps").
 */
describe('wxa_authorize once the mini-program has joined the Open Platform', () => {
  let kit: OnePersonKit;
  beforeAll(async () => {
    kit = await startOnePersonKit();
  });
  afterAll(() => kit.close());
  beforeEach(() => resetOpenPlatforms(kit));

  /** The person's first sign-in, while the mini-program hides unionids: answers the openid. */
  async function signInBeforeJoining(unionid: string): Promise<string> {
    const first = await kit.miniSignIn(unionid);
    expect(first.status).toBe(200);
    expect(first.body.data.unionid).toBeNull();
    return first.body.data.openid;
  }

  /** The person's unionid account, from the website login, bound to a new administrator. */
  async function boundOnTheWebsite(unionid: string) {
    const admin = await kit.admin.newAdmin();
    expect((await kit.admin.bind(admin, 'WECHAT', unionid)).status).toBe(200);
    return admin;
  }

  /** The same, then unbound again: an unbound unionid account with the website's openid. */
  async function unboundOnTheWebsite(unionid: string) {
    const admin = await boundOnTheWebsite(unionid);
    expect((await kit.admin.put(admin, 'WECHAT', { state: true })).status).toBe(200);
  }

  it('re-keys the appId:openid account as the unionid when no account has it', async () => {
    const unionid = await kit.newPerson();
    const openid = await signInBeforeJoining(unionid);
    const openidKey = `${MINI_APP.appId}:${openid}`;
    const [before] = await kit.accounts(openidKey);
    expect(before).toMatchObject({ union_id: null });

    await kit.openPlatform(MINI_APP.appId, true);
    const response = await kit.miniSignIn(unionid);

    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ openid, unionid, bound: false });
    expect(await kit.accounts(openidKey)).toEqual([]);
    const [account] = await kit.accounts(unionid);
    expect(account).toMatchObject({ id: before!.id, account_key: unionid, union_id: unionid });
    expect(await kit.filings(unionid)).toEqual({ [MINI_APP.appId]: before!.id });
    const audits = await kit.mergeAudits(unionid);
    expect(audits).toEqual([
      {
        action: 'wechat.merge',
        actor_type: 'system',
        actor_id: 'wechat-sign-in',
        subject_id: before!.id,
        ip: expect.stringMatching(/127\.0\.0\.1/),
        details: {
          outcome: 'rekeyed',
          via: 'wxa_authorize',
          appId: MINI_APP.appId,
          openid,
          unionid,
          from: { accountId: before!.id, accountKey: openidKey, userId: null },
          into: null,
        },
      },
    ]);

    // Once keyed by its unionid, signing in again changes nothing more.
    expect((await kit.miniSignIn(unionid)).status).toBe(200);
    expect(await kit.mergeAudits(unionid)).toHaveLength(1);
  });

  it('merges into an unbound unionid account, carrying the binding and its tokens over', async () => {
    const unionid = await kit.newPerson();
    await unboundOnTheWebsite(unionid);
    const openid = await signInBeforeJoining(unionid);
    const openidKey = `${MINI_APP.appId}:${openid}`;
    const userId = await kit.newUser({ mobile: true });
    await kit.bindInStore(openidKey, userId);
    const [source] = await kit.accounts(openidKey);
    const [target] = await kit.accounts(unionid);
    // A token issued while the mini-program still hid the unionid.
    const earlier = await kit.miniSignIn(unionid);
    expect(earlier.body.data).toMatchObject({ bound: true, uid: userId });

    await kit.openPlatform(MINI_APP.appId, true);
    const response = await kit.miniSignIn(unionid);

    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ openid, unionid, bound: true, uid: userId });
    expect(await kit.accounts(openidKey)).toEqual([]);
    expect(await kit.accounts(unionid)).toEqual([
      expect.objectContaining({ id: target!.id, user_id: userId, bound_at: source!.bound_at }),
    ]);
    expect(await kit.filings(unionid)).toEqual({
      [MINI_APP.appId]: target!.id,
      [WEB_APP.appId]: target!.id,
    });
    for (const token of [earlier.body.data.token, response.body.data.token]) {
      const me = await kit.admin.http().get('/accounts/me').set('authorization', `Bearer ${token}`);
      expect(me.status).toBe(200);
      expect(me.body.data).toMatchObject({ uid: userId, openid });
    }
    const [audit] = await kit.mergeAudits(unionid);
    expect(audit).toMatchObject({
      subject_id: target!.id,
      details: {
        outcome: 'merged',
        from: { accountId: source!.id, accountKey: openidKey, userId },
        into: { accountId: target!.id, userId: null },
        boundTo: userId,
        releasedUserId: null,
      },
    });
  });

  it('merges an unbound appId:openid account into a bound unionid account', async () => {
    const unionid = await kit.newPerson();
    const admin = await boundOnTheWebsite(unionid);
    const openid = await signInBeforeJoining(unionid);
    const [target] = await kit.accounts(unionid);

    await kit.openPlatform(MINI_APP.appId, true);
    const response = await kit.miniSignIn(unionid);

    // The administrator has no mobile, so the mini-program still asks for one.
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ openid, unionid, bound: false });
    expect(await kit.accounts(`${MINI_APP.appId}:${openid}`)).toEqual([]);
    expect(await kit.accounts(unionid)).toEqual([
      expect.objectContaining({
        id: target!.id,
        user_id: admin.userId,
        bound_at: target!.bound_at,
        nickname: target!.nickname,
      }),
    ]);
    expect(await kit.filings(unionid)).toEqual({
      [MINI_APP.appId]: target!.id,
      [WEB_APP.appId]: target!.id,
    });
    const [audit] = await kit.mergeAudits(unionid);
    expect(audit!.details).toMatchObject({
      outcome: 'merged',
      into: { accountId: target!.id, userId: admin.userId },
      boundTo: admin.userId,
      releasedUserId: null,
    });
  });

  describe('both accounts bound, to different users', () => {
    it('keeps the unionid account with the user who holds data, releasing the empty one', async () => {
      const unionid = await kit.newPerson();
      const admin = await boundOnTheWebsite(unionid);
      const openid = await signInBeforeJoining(unionid);
      const empty = await kit.newUser();
      await kit.bindInStore(`${MINI_APP.appId}:${openid}`, empty);
      const [target] = await kit.accounts(unionid);

      await kit.openPlatform(MINI_APP.appId, true);
      expect((await kit.miniSignIn(unionid)).status).toBe(200);

      expect(await kit.accounts(unionid)).toEqual([
        expect.objectContaining({ user_id: admin.userId, bound_at: target!.bound_at }),
      ]);
      const [audit] = await kit.mergeAudits(unionid);
      expect(audit!.details).toMatchObject({
        outcome: 'merged',
        from: { userId: empty },
        into: { userId: admin.userId },
        boundTo: admin.userId,
        releasedUserId: empty,
      });
      expect(await kit.context.models.ExternalAccount.count({ where: { userId: empty } })).toBe(0);
    });

    it('moves the binding to the mini-program user when the unionid account is the empty one', async () => {
      const unionid = await kit.newPerson();
      const openid = await signInBeforeJoining(unionid);
      const openidKey = `${MINI_APP.appId}:${openid}`;
      const holder = await kit.newUser({ mobile: true });
      await kit.bindInStore(openidKey, holder);
      const [source] = await kit.accounts(openidKey);
      const empty = await kit.newUser();
      await kit.context.models.ExternalAccount.create({
        provider: 'wechat',
        accountKey: unionid,
        unionId: unionid,
        userId: empty,
        boundAt: new Date(),
      });

      await kit.openPlatform(MINI_APP.appId, true);
      const response = await kit.miniSignIn(unionid);

      expect(response.body.data).toMatchObject({ bound: true, uid: holder, unionid });
      expect(await kit.accounts(unionid)).toEqual([
        expect.objectContaining({ user_id: holder, bound_at: source!.bound_at }),
      ]);
      const [audit] = await kit.mergeAudits(unionid);
      expect(audit!.details).toMatchObject({ boundTo: holder, releasedUserId: empty });
    });

    it('refuses with 400 when both users hold data, and changes nothing', async () => {
      const unionid = await kit.newPerson();
      const admin = await boundOnTheWebsite(unionid);
      const openid = await signInBeforeJoining(unionid);
      const openidKey = `${MINI_APP.appId}:${openid}`;
      const holder = await kit.newUser({ mobile: true });
      await kit.bindInStore(openidKey, holder);
      const before = await kit.accounts(openidKey, unionid);
      const byKey = (key: string) => before.find((row) => row.account_key === key)!;
      const filedBefore = await kit.filings(unionid);

      await kit.openPlatform(MINI_APP.appId, true);
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const response = await kit.miniSignIn(unionid);
        expect({ status: response.status, body: response.body }).toEqual({
          status: 400,
          body: {
            status: {
              code: 400,
              message: '该微信已分别绑定两个不同的账号，无法自动合并，请联系客服',
            },
            success: false,
          },
        });
      }

      expect(await kit.accounts(openidKey, unionid)).toEqual(before);
      expect(await kit.filings(unionid)).toEqual(filedBefore);
      const audits = await kit.mergeAudits(unionid);
      expect(audits).toHaveLength(2);
      expect(audits[0]!.details).toMatchObject({
        outcome: 'refused',
        from: { accountId: byKey(openidKey).id, userId: holder },
        into: { accountId: byKey(unionid).id, userId: admin.userId },
      });
      // The administrator's website binding is untouched.
      expect((await kit.admin.list(admin)).body.data).toEqual(
        expect.arrayContaining([expect.objectContaining({ type: 'WECHAT' })]),
      );
    });
  });

  describe('the returning sign-in stays one statement', () => {
    async function statementsOf(action: () => Promise<unknown>): Promise<number> {
      const statements = watchSql(kit.context);
      await action();
      return statements().length;
    }

    it('once the account is keyed by its unionid', async () => {
      const unionid = await kit.newPerson();
      await signInBeforeJoining(unionid);
      await kit.openPlatform(MINI_APP.appId, true);
      expect((await kit.miniSignIn(unionid)).status).toBe(200);

      expect(await statementsOf(() => kit.miniSignIn(unionid))).toBe(1);
    });

    it('for an app without a unionid', async () => {
      const unionid = await kit.newPerson();
      await signInBeforeJoining(unionid);

      expect(await statementsOf(() => kit.miniSignIn(unionid))).toBe(1);
    });
  });
});
