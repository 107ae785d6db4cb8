import { setTimeout as sleep } from 'node:timers/promises';
import type { Admin, AdministratorKit, BindingType } from '../../../test/support/oauth-binding-kit';
import {
  DINGTALK_APP,
  startAdministratorKit,
  WEB_APP,
} from '../../../test/support/oauth-binding-kit';

describe('upstream failures while binding', () => {
  let kit: AdministratorKit;
  beforeAll(async () => {
    kit = await startAdministratorKit();
  });
  afterAll(() => kit.close());
  afterEach(async () => {
    await kit.control.clearFaults();
    await kit.control.setConfig({ codeTtlMs: 300_000 });
  });

  /** A started binding and a real state; the code is the test's to choose. */
  async function started(type: BindingType, target = kit) {
    const admin = await target.newAdmin();
    const url = await target.startBinding(admin, type);
    return { admin, state: new URL(url).searchParams.get('state')! };
  }

  async function expectNothingWritten(admin: Admin, target = kit) {
    const { models } = target.context;
    expect(await models.ExternalAccount.count({ where: { userId: admin.userId } })).toBe(0);
    expect(await models.AuditEvent.count({ where: { subjectId: admin.userId } })).toBe(0);
  }

  describe('WECHAT', () => {
    const mint = async () =>
      kit.control.mintOauthCode({ appid: WEB_APP.appId, user: await kit.newWechatUser() });

    it.each([
      ['an unknown code', async () => 'not-a-real-code'],
      [
        'a code already used',
        async () => {
          const { code } = await mint();
          const other = await started('WECHAT');
          expect(
            (await kit.post(other.admin, { type: 'WECHAT', code, state: other.state })).status,
          ).toBe(200);
          return code;
        },
      ],
      [
        'an expired code',
        async () => {
          await kit.control.setConfig({ codeTtlMs: 30 });
          const { code } = await mint();
          await sleep(80);
          return code;
        },
      ],
    ])('answers 403 for %s, writing nothing', async (_name, codeFor) => {
      const code = await codeFor();
      const { admin, state } = await started('WECHAT');
      const response = await kit.post(admin, { type: 'WECHAT', code, state });
      expect(response.status).toBe(403);
      expect(response.body).toEqual({ code: 403, msg: '微信授权码无效或已过期，请重新授权' });
      await expectNothingWritten(admin);
    });

    it.each([
      [
        'WeChat stays busy (-1, retried once)',
        { endpoint: '/sns/oauth2/access_token', kind: 'errcode', errcode: -1, times: 2 },
        502,
        '微信服务暂不可用，请稍后重试',
      ],
      [
        'userinfo answers garbage',
        { endpoint: '/sns/userinfo', kind: 'garbage' },
        502,
        '微信服务暂不可用，请稍后重试',
      ],
      [
        'WeChat answers a bare 502',
        { endpoint: '/sns/oauth2/access_token', kind: 'http-status', status: 502 },
        502,
        '微信服务暂不可用，请稍后重试',
      ],
      [
        'WeChat limits the app (45011)',
        { endpoint: '/sns/oauth2/access_token', kind: 'errcode', errcode: 45011 },
        503,
        '微信接口调用过于频繁，请稍后重试',
      ],
      [
        'WeChat restricts the user (40226)',
        { endpoint: '/sns/oauth2/access_token', kind: 'errcode', errcode: 40226 },
        403,
        '该微信账号已被限制登录',
      ],
    ] as const)(
      'answers in the envelope when %s, writing nothing',
      async (_name, fault, status, msg) => {
        await kit.control.addFault(fault);
        const { code } = await mint();
        const { admin, state } = await started('WECHAT');
        const response = await kit.post(admin, { type: 'WECHAT', code, state });
        expect(response.status).toBe(status);
        expect(response.body).toEqual({ code: status, msg });
        await expectNothingWritten(admin);
      },
    );

    it('succeeds when WeChat is busy once (the client retries)', async () => {
      await kit.control.addFault({
        endpoint: '/sns/oauth2/access_token',
        kind: 'errcode',
        errcode: -1,
      });
      const { code } = await mint();
      const { admin, state } = await started('WECHAT');
      expect((await kit.post(admin, { type: 'WECHAT', code, state })).status).toBe(200);
    });

    it('answers 502 when WeChat refuses the app secret, and logs why without secrets', async () => {
      const misconfigured = await startAdministratorKit({
        upstreams: { webApp: { ...WEB_APP, secret: 'not-the-secret' } },
      });
      try {
        const { code } = await misconfigured.control.mintOauthCode({
          appid: WEB_APP.appId,
          user: await misconfigured.newWechatUser(),
        });
        const { admin, state } = await started('WECHAT', misconfigured);
        const response = await misconfigured.post(admin, { type: 'WECHAT', code, state });
        expect(response.status).toBe(502);
        expect(response.body).toEqual({
          code: 502,
          msg: '微信拒绝了本服务的应用凭据，请联系管理员检查配置',
        });
        await expectNothingWritten(admin, misconfigured);
        const log = misconfigured.context.logLines.join('\n');
        expect(log).toContain('40125');
        for (const secret of ['not-the-secret', code, state]) expect(log).not.toContain(secret);
      } finally {
        await misconfigured.close();
      }
    });

    it('answers 502 when WeChat cannot be reached', async () => {
      const unreachable = await startAdministratorKit({
        upstreams: { wechatApiBase: 'http://127.0.0.1:9' },
      });
      try {
        const { admin, state } = await started('WECHAT', unreachable);
        const response = await unreachable.post(admin, { type: 'WECHAT', code: 'c', state });
        expect(response.body).toEqual({ code: 502, msg: '微信服务暂不可用，请稍后重试' });
      } finally {
        await unreachable.close();
      }
    });
  });

  describe('DING_TALK', () => {
    const mint = async () =>
      kit.control.mintDingtalkAuthCode({
        clientId: DINGTALK_APP.clientId,
        user: await kit.newDingtalkUser(),
      });

    it('answers 403 for an unknown or used authCode, writing nothing', async () => {
      const { authCode } = await mint();
      const first = await started('DING_TALK');
      expect(
        (await kit.post(first.admin, { type: 'DING_TALK', authCode, state: first.state })).status,
      ).toBe(200);
      for (const code of [authCode, 'not-a-real-code']) {
        const { admin, state } = await started('DING_TALK');
        const response = await kit.post(admin, { type: 'DING_TALK', authCode: code, state });
        expect(response.status).toBe(403);
        expect(response.body).toEqual({ code: 403, msg: '钉钉授权码无效或已过期，请重新授权' });
        await expectNothingWritten(admin);
      }
    });

    it.each([
      [
        'users/me is refused for a missing permission',
        {
          endpoint: '/v1.0/contact/users/me',
          kind: 'dingtalk-error',
          status: 403,
          code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied',
        },
        '钉钉应用缺少读取用户个人信息的权限，请联系管理员',
      ],
      [
        'users/me answers a bare 503',
        { endpoint: '/v1.0/contact/users/me', kind: 'http-status', status: 503 },
        '钉钉服务暂不可用，请稍后重试',
      ],
      [
        'the token endpoint answers garbage',
        { endpoint: '/v1.0/oauth2/userAccessToken', kind: 'garbage' },
        '钉钉服务暂不可用，请稍后重试',
      ],
    ] as const)('answers 502 when %s, writing nothing', async (_name, fault, msg) => {
      await kit.control.addFault(fault);
      const { authCode } = await mint();
      const { admin, state } = await started('DING_TALK');
      const response = await kit.post(admin, { type: 'DING_TALK', authCode, state });
      expect(response.status).toBe(502);
      expect(response.body).toEqual({ code: 502, msg });
      await expectNothingWritten(admin);
    });

    it('answers 502 when DingTalk refuses the client secret', async () => {
      const misconfigured = await startAdministratorKit({
        upstreams: { dingtalkApp: { ...DINGTALK_APP, clientSecret: 'wrong' } },
      });
      try {
        const { authCode } = await misconfigured.control.mintDingtalkAuthCode({
          clientId: DINGTALK_APP.clientId,
          user: await misconfigured.newDingtalkUser(),
        });
        const { admin, state } = await started('DING_TALK', misconfigured);
        const response = await misconfigured.post(admin, { type: 'DING_TALK', authCode, state });
        expect(response.body).toEqual({
          code: 502,
          msg: '钉钉拒绝了本服务的应用凭据，请联系管理员检查配置',
        });
        await expectNothingWritten(admin, misconfigured);
      } finally {
        await misconfigured.close();
      }
    });
  });

  it('answers 503 for a type this server has no app for', async () => {
    const bare = await startAdministratorKit({
      upstreams: { webApp: undefined, dingtalkApp: undefined },
    });
    try {
      const admin = await bare.newAdmin();
      for (const [type, label] of [
        ['WECHAT', '微信'],
        ['DING_TALK', '钉钉'],
      ] as const) {
        const expected = { code: 503, msg: `本服务未配置${label}登录` };
        expect((await bare.put(admin, type, { state: false })).body).toEqual(expected);
        expect((await bare.post(admin, { type, code: 'c', state: 's' })).body).toEqual(expected);
      }
    } finally {
      await bare.close();
    }
  });
});
