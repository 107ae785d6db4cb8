import type { WebSessionKit } from '../../../test/support/web-session-kit';
import { SESSION_PATH, startWebSessionKit } from '../../../test/support/web-session-kit';
import { startAdministratorKit } from '../../../test/support/oauth-binding-kit';

describe('web page sign-in with a bound WeChat or DingTalk account', () => {
  let kit: WebSessionKit;
  beforeAll(async () => {
    kit = await startWebSessionKit();
  });
  afterAll(() => kit.close());

  /** A user with `type` bound to a new provider account; answers both. */
  async function boundUser(type: 'WECHAT' | 'DING_TALK') {
    const admin = await kit.admin.newAdmin();
    const account =
      type === 'WECHAT' ? await kit.admin.newWechatUser() : await kit.admin.newDingtalkUser();
    expect((await kit.admin.bind(admin, type, account)).status).toBe(200);
    return { admin, account };
  }

  it.each(['WECHAT', 'DING_TALK'] as const)(
    'signs in the user whose %s account the provider vouches for',
    async (type) => {
      const { admin, account } = await boundUser(type);
      const browser = kit.newBrowser();
      const started = await browser.post(`${SESSION_PATH}/authorize-url`, { type });
      expect(started.status).toBe(200);
      const { code, authCode, state } = await kit.admin.approveOnConsentPage(
        started.body.data,
        account,
      );
      const signedIn = await browser.post(
        SESSION_PATH,
        type === 'DING_TALK' ? { type, authCode, state } : { type, code, state },
      );
      expect(signedIn.status).toBe(200);
      expect(signedIn.body.data.user.id).toBe(admin.userId);
      expect(signedIn.body.data.signedInWith).toBe(type);
      expect((await browser.agent.get(SESSION_PATH)).body.data.user.id).toBe(admin.userId);
    },
  );

  it('signs nobody in with an account bound to nobody', async () => {
    const account = await kit.admin.newWechatUser();
    const browser = kit.newBrowser();
    const started = await browser.post(`${SESSION_PATH}/authorize-url`, { type: 'WECHAT' });
    const { code, state } = await kit.admin.approveDirectly(started.body.data, account);
    const response = await browser.post(SESSION_PATH, { type: 'WECHAT', code, state });
    expect({ status: response.status, body: response.body }).toEqual({
      status: 403,
      body: { code: 403, msg: '该微信账号未绑定任何用户，请先用手机号登录后绑定' },
    });
    expect(String(response.headers['set-cookie'] ?? '')).not.toContain('wb_session=');
  });

  it('refuses a code and state carried to another browser (login CSRF), and a binding state', async () => {
    const { admin, account } = await boundUser('WECHAT');
    const attacker = kit.newBrowser();
    const started = await attacker.post(`${SESSION_PATH}/authorize-url`, { type: 'WECHAT' });
    const { code, state } = await kit.admin.approveDirectly(started.body.data, account);
    const victim = kit.newBrowser();
    await victim.post(`${SESSION_PATH}/authorize-url`, { type: 'WECHAT' });
    const carried = await victim.post(SESSION_PATH, { type: 'WECHAT', code, state });
    expect(carried.body).toEqual({ code: 403, msg: 'state 无效或已过期，请重新登录' });

    // A binding's state (issued to a user) is no sign-in state.
    const bindingUrl = await kit.admin.startBinding(admin, 'WECHAT');
    const binding = await kit.admin.approveDirectly(bindingUrl, account);
    const withBindingState = await victim.post(SESSION_PATH, { type: 'WECHAT', ...binding });
    expect(withBindingState.status).toBe(403);

    // The state is single use: the attacker's own second try fails too.
    await attacker.post(SESSION_PATH, { type: 'WECHAT', code, state });
    const again = await attacker.post(SESSION_PATH, { type: 'WECHAT', code, state });
    expect(again.body.msg).toBe('state 无效或已过期，请重新登录');
  });

  it('refuses WeCom and unknown types as ways to sign in', async () => {
    const browser = kit.newBrowser();
    for (const type of ['WECOM', 'QQ', '']) {
      const response = await browser.post(`${SESSION_PATH}/authorize-url`, { type });
      expect(response.status).toBe(403);
      expect(response.body.msg).toBe('请求数据验证失败!');
    }
  });

  it('lists the configured types without changing 02`s list', async () => {
    const response = await kit.admin.http().get('/api/administrator/oauth-binding/types');
    expect(response.body).toEqual({
      code: 200,
      data: ['WECHAT', 'DING_TALK', 'WECOM', 'WECHAT_MP'],
      msg: 'success',
    });
  });
});

describe('the configured types on a server without WeCom or DingTalk', () => {
  it('answers only what is set up, and refuses DingTalk sign-in as not configured', async () => {
    const kit = await startAdministratorKit({
      upstreams: { wecomApp: undefined, dingtalkApp: undefined },
    });
    try {
      const response = await kit.http().get('/api/administrator/oauth-binding/types');
      expect(response.body.data).toEqual(['WECHAT', 'WECHAT_MP']);
      const origin = new URL(kit.http().get('/').url).origin;
      const refused = await kit
        .http()
        .post(`${SESSION_PATH}/authorize-url`)
        .set('Origin', origin)
        .send({ type: 'DING_TALK' });
      expect({ status: refused.status, body: refused.body }).toEqual({
        status: 503,
        body: { code: 503, msg: '本服务未配置钉钉登录' },
      });
    } finally {
      await kit.close();
    }
  });
});
