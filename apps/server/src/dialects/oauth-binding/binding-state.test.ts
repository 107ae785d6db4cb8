import { setTimeout as sleep } from 'node:timers/promises';
import { STATE_TTL_SECONDS, stateKey } from '../../libraries/oauth-binding';
import type { AdministratorKit } from '../../../test/support/oauth-binding-kit';
import { startAdministratorKit, WEB_APP } from '../../../test/support/oauth-binding-kit';

const STATE_REFUSED = { code: 403, msg: 'state 无效或已过期，请重新发起绑定' };

describe('the OAuth state of a binding', () => {
  let kit: AdministratorKit;
  beforeAll(async () => {
    kit = await startAdministratorKit();
  });
  afterAll(() => kit.close());
  beforeEach(() => kit.control.resetCalls());

  const codeExchanges = async () =>
    (await kit.control.getCalls()).calls['/sns/oauth2/access_token'];
  const stateOf = (url: string) => new URL(url).searchParams.get('state')!;
  const nothingBoundFor = async (userId: string) =>
    expect(await kit.context.models.ExternalAccount.count({ where: { userId } })).toBe(0);

  it('lives ten minutes in Redis, stored under its hash', async () => {
    const admin = await kit.newAdmin();
    const state = stateOf(await kit.startBinding(admin, 'WECHAT'));
    const key = stateKey({ userId: admin.userId, type: 'WECHAT' }, state);
    expect(key).not.toContain(state);
    const ttl = await kit.context.redis.pttl(key);
    expect(ttl).toBeGreaterThan((STATE_TTL_SECONDS - 60) * 1000);
    expect(ttl).toBeLessThanOrEqual(STATE_TTL_SECONDS * 1000);
  });

  it('refuses a forged state before asking WeChat about the code', async () => {
    const admin = await kit.newAdmin();
    const wechatUser = await kit.newWechatUser();
    await kit.startBinding(admin, 'WECHAT');
    const { code } = await kit.control.mintOauthCode({ appid: WEB_APP.appId, user: wechatUser });
    for (const state of ['0c28af8d1e9394906b0c4e622dcdb747', 'forged', 'x'.repeat(256)]) {
      const response = await kit.post(admin, { type: 'WECHAT', code, state });
      expect(response.status).toBe(403);
      expect(response.body).toEqual(STATE_REFUSED);
    }
    expect(await codeExchanges()).toBe(0);
    await nothingBoundFor(admin.userId);
  });

  it('is single use: the same state a second time is refused', async () => {
    const admin = await kit.newAdmin();
    const wechatUser = await kit.newWechatUser();
    const url = await kit.startBinding(admin, 'WECHAT');
    const { code, state } = await kit.approveDirectly(url, wechatUser);
    expect((await kit.post(admin, { type: 'WECHAT', code, state })).status).toBe(200);
    expect((await kit.put(admin, 'WECHAT', { state: true })).status).toBe(200);

    const { code: fresh } = await kit.control.mintOauthCode({
      appid: WEB_APP.appId,
      user: wechatUser,
    });
    const reused = await kit.post(admin, { type: 'WECHAT', code: fresh, state });
    expect(reused.body).toEqual(STATE_REFUSED);
    await nothingBoundFor(admin.userId);
  });

  it('is used up by a failed attempt too (the login must start again)', async () => {
    const admin = await kit.newAdmin();
    const wechatUser = await kit.newWechatUser();
    const url = await kit.startBinding(admin, 'WECHAT');
    const { code, state } = await kit.approveDirectly(url, wechatUser);
    const badCode = await kit.post(admin, { type: 'WECHAT', code: 'not-a-code', state });
    expect(badCode.body).toEqual({ code: 403, msg: '微信授权码无效或已过期，请重新授权' });
    expect((await kit.post(admin, { type: 'WECHAT', code, state })).body).toEqual(STATE_REFUSED);
  });

  it('refuses an expired state', async () => {
    const admin = await kit.newAdmin();
    const wechatUser = await kit.newWechatUser();
    const url = await kit.startBinding(admin, 'WECHAT');
    const { code, state } = await kit.approveDirectly(url, wechatUser);
    // Ten minutes pass: the key expires as Redis would expire it.
    const key = stateKey({ userId: admin.userId, type: 'WECHAT' }, state!);
    expect(await kit.context.redis.pexpire(key, 1)).toBe(1);
    await sleep(20);
    expect((await kit.post(admin, { type: 'WECHAT', code, state })).body).toEqual(STATE_REFUSED);
    expect(await codeExchanges()).toBe(0);
    await nothingBoundFor(admin.userId);
  });

  it("refuses another user's state, and leaves it usable by its owner", async () => {
    const [alice, mallory] = [await kit.newAdmin(), await kit.newAdmin()];
    const wechatUser = await kit.newWechatUser();
    const url = await kit.startBinding(alice, 'WECHAT');
    const { code, state } = await kit.approveDirectly(url, wechatUser);

    const stolen = await kit.post(mallory, { type: 'WECHAT', code, state });
    expect(stolen.body).toEqual(STATE_REFUSED);
    await nothingBoundFor(mallory.userId);

    expect((await kit.post(alice, { type: 'WECHAT', code, state })).status).toBe(200);
  });

  it('refuses a state issued for the other type', async () => {
    const admin = await kit.newAdmin();
    const dingtalkUser = await kit.newDingtalkUser();
    const wechatUrl = await kit.startBinding(admin, 'WECHAT');
    const dingtalkUrl = await kit.startBinding(admin, 'DING_TALK');
    const { code } = await kit.approveDirectly(dingtalkUrl, dingtalkUser);
    const response = await kit.post(admin, {
      type: 'DING_TALK',
      code,
      state: stateOf(wechatUrl),
    });
    expect(response.body).toEqual(STATE_REFUSED);
    await nothingBoundFor(admin.userId);
  });

  it('lets exactly one of several requests racing with one state through', async () => {
    const admin = await kit.newAdmin();
    const wechatUser = await kit.newWechatUser();
    const url = await kit.startBinding(admin, 'WECHAT');
    const { state } = await kit.approveDirectly(url, wechatUser);
    const codes = await Promise.all(
      Array.from({ length: 4 }, () =>
        kit.control.mintOauthCode({ appid: WEB_APP.appId, user: wechatUser }),
      ),
    );
    const responses = await Promise.all(
      codes.map(({ code }) => kit.post(admin, { type: 'WECHAT', code, state })),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([200, 403, 403, 403]);
    expect(await codeExchanges()).toBe(1);
    expect(
      await kit.context.models.AuditEvent.count({
        where: { subjectId: admin.userId, action: 'oauth.bind' },
      }),
    ).toBe(1);
  });
});
