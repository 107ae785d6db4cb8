import type { Admin, AdministratorKit, BindingType } from '../../../test/support/oauth-binding-kit';
import { PATH, startAdministratorKit } from '../../../test/support/oauth-binding-kit';

const PROVIDER = {
  WECHAT: 'wechat',
  DING_TALK: 'dingtalk',
  WECOM: 'wecom',
  WECHAT_MP: 'wechat',
} as const;
const BOUND = '{"code":200,"data":"绑定成功","msg":"success"}';

/**
 * 03's `state: false` is 重新获取绑定, getting the binding again: for a user who has an account of
 * the type, the POST that follows (02) with the new code replaces it. The requests here are the
 * ones the documents' clients send, byte for byte, and so are the replies checked.
 */
describe('rebinding: PUT {state:false} while bound, then POST the new code', () => {
  let kit: AdministratorKit;
  beforeAll(async () => {
    kit = await startAdministratorKit();
  });
  afterAll(() => kit.close());

  const newExternalUser = (type: BindingType) =>
    type === 'WECHAT' ? kit.newWechatUser() : kit.newDingtalkUser();

  /** 03's request: its headers, and its body text as printed. */
  const legacyPut = (admin: Admin, type: BindingType, state: boolean) =>
    kit
      .http()
      .put(`${PATH}/${type}`)
      .set('Authorization', admin.auth)
      .set('Accept', 'application/json')
      .set('Content-Type', 'application/json')
      .send(`{\n    "state": ${String(state)}\n}`);
  /** 02's request: `type`, `code`, `state` as JSON. */
  const legacyPost = (admin: Admin, body: { type: BindingType; code?: string; state?: string }) =>
    kit
      .http()
      .post(PATH)
      .set('Authorization', admin.auth)
      .set('Accept', 'application/json')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(body));

  /** The authorize link of a PUT, then Allow as `externalUser`: the redirect's code and state. */
  async function consent(admin: Admin, type: BindingType, externalUser: string) {
    const started = await legacyPut(admin, type, false);
    expect(started.status).toBe(200);
    const redirected = await kit.approveDirectly(started.body.data as string, externalUser);
    return { code: redirected.code, state: redirected.state };
  }

  const accountOf = (type: BindingType, accountKey: string) =>
    kit.context.models.ExternalAccount.findOne({
      where: { provider: PROVIDER[type], accountKey },
    });
  const auditsOf = (admin: Admin) =>
    kit.context.models.AuditEvent.findAll({
      where: { subjectType: 'user', subjectId: admin.userId },
      order: [['id', 'ASC']],
    });

  it.each(['WECHAT', 'DING_TALK'] as const)(
    'replaces the %s account with the new one in one go, auditing the unbind and the bind',
    async (type) => {
      const admin = await kit.newAdmin();
      const [old, next] = [await newExternalUser(type), await newExternalUser(type)];
      const first = await legacyPost(admin, { type, ...(await consent(admin, type, old)) });
      expect(first.text).toBe(BOUND);

      const rebound = await legacyPost(admin, { type, ...(await consent(admin, type, next)) });
      expect(rebound.status).toBe(200);
      expect(rebound.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(rebound.text).toBe(BOUND);

      const [oldRow, nextRow] = [await accountOf(type, old), await accountOf(type, next)];
      expect(oldRow).toMatchObject({ userId: null, boundAt: null });
      expect(nextRow).toMatchObject({ userId: admin.userId });
      const listed = await kit.list(admin);
      expect(listed.body.data).toEqual([expect.objectContaining({ type })]);
      expect(listed.body.data[0].nickname).toBe(nextRow!.nickname);

      const audits = await auditsOf(admin);
      expect(audits.map((audit) => [audit.action, audit.details])).toEqual([
        ['oauth.bind', expect.objectContaining({ externalAccountId: oldRow!.id })],
        [
          'oauth.unbind',
          expect.objectContaining({ type, externalAccountId: oldRow!.id, replacedBy: nextRow!.id }),
        ],
        [
          'oauth.bind',
          expect.objectContaining({ type, externalAccountId: nextRow!.id, replaces: oldRow!.id }),
        ],
      ]);
      for (const audit of audits) {
        expect(audit).toMatchObject({ actorType: 'personal_access_token', actorId: admin.tokenId });
      }
      // The old account is free again: another user can bind it.
      const other = await kit.newAdmin();
      expect((await legacyPost(other, { type, ...(await consent(other, type, old)) })).text).toBe(
        BOUND,
      );
    },
  );

  it.each([
    ['WECHAT', '微信'],
    ['DING_TALK', '钉钉'],
  ] as const)(
    'refuses a %s state issued by a first bind once another account got bound meanwhile',
    async (type, label) => {
      const admin = await kit.newAdmin();
      // Two tabs start a first bind; the first one finishes.
      const firstTab = await consent(admin, type, await newExternalUser(type));
      const secondTab = await consent(admin, type, await newExternalUser(type));
      expect((await legacyPost(admin, { type, ...firstTab })).text).toBe(BOUND);

      const refused = await legacyPost(admin, { type, ...secondTab });
      expect(refused.status).toBe(403);
      expect(refused.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(refused.text).toBe(
        `{"code":403,"msg":"当前用户已绑定其他${label}账号，请先解除绑定"}`,
      );
      expect(
        await kit.context.models.ExternalAccount.count({
          where: { userId: admin.userId, provider: PROVIDER[type] },
        }),
      ).toBe(1);
      expect((await auditsOf(admin)).map((audit) => audit.action)).toEqual(['oauth.bind']);
    },
  );

  it("refuses a rebind to another user's account, keeping the current binding", async () => {
    const [alice, bob] = [await kit.newAdmin(), await kit.newAdmin()];
    const [alices, bobs] = [await kit.newWechatUser(), await kit.newWechatUser()];
    await legacyPost(alice, { type: 'WECHAT', ...(await consent(alice, 'WECHAT', alices)) });
    await legacyPost(bob, { type: 'WECHAT', ...(await consent(bob, 'WECHAT', bobs)) });

    const refused = await legacyPost(alice, {
      type: 'WECHAT',
      ...(await consent(alice, 'WECHAT', bobs)),
    });
    expect(refused.status).toBe(403);
    expect(refused.text).toBe('{"code":403,"msg":"该第三方账号已绑定其他用户"}');
    expect(await accountOf('WECHAT', alices)).toMatchObject({ userId: alice.userId });
    expect(await accountOf('WECHAT', bobs)).toMatchObject({ userId: bob.userId });
    expect((await auditsOf(alice)).map((audit) => audit.action)).toEqual(['oauth.bind']);
  });

  it('rebinding to the account already bound answers 绑定成功 and unbinds nothing', async () => {
    const admin = await kit.newAdmin();
    const person = await kit.newWechatUser();
    await legacyPost(admin, { type: 'WECHAT', ...(await consent(admin, 'WECHAT', person)) });
    const again = await legacyPost(admin, {
      type: 'WECHAT',
      ...(await consent(admin, 'WECHAT', person)),
    });
    expect(again.text).toBe(BOUND);
    expect(await accountOf('WECHAT', person)).toMatchObject({ userId: admin.userId });
    expect((await auditsOf(admin)).map((audit) => audit.action)).toEqual([
      'oauth.bind',
      'oauth.bind',
    ]);
  });

  it('keeps the current binding when the new code is refused', async () => {
    const admin = await kit.newAdmin();
    const person = await kit.newWechatUser();
    await legacyPost(admin, { type: 'WECHAT', ...(await consent(admin, 'WECHAT', person)) });
    const { state } = await consent(admin, 'WECHAT', await kit.newWechatUser());
    const refused = await legacyPost(admin, { type: 'WECHAT', code: 'not-a-code', state });
    expect(refused.text).toBe('{"code":403,"msg":"微信授权码无效或已过期，请重新授权"}');
    expect(await accountOf('WECHAT', person)).toMatchObject({ userId: admin.userId });
    expect((await auditsOf(admin)).map((audit) => audit.action)).toEqual(['oauth.bind']);
  });

  it('leaves the user exactly one account when two rebinds race', async () => {
    const admin = await kit.newAdmin();
    const old = await kit.newWechatUser();
    await legacyPost(admin, { type: 'WECHAT', ...(await consent(admin, 'WECHAT', old)) });
    const candidates = [await kit.newWechatUser(), await kit.newWechatUser()];
    const flows = await Promise.all(candidates.map((person) => consent(admin, 'WECHAT', person)));
    const responses = await Promise.all(
      flows.map((flow) => legacyPost(admin, { type: 'WECHAT', ...flow })),
    );
    // Each is a clean answer: replaced, or refused because the other replaced first.
    for (const response of responses) {
      expect([BOUND, '{"code":403,"msg":"当前用户已绑定其他微信账号，请先解除绑定"}']).toContain(
        response.text,
      );
    }
    expect(responses.some((response) => response.text === BOUND)).toBe(true);
    const bound = await kit.context.models.ExternalAccount.findAll({
      where: { userId: admin.userId, provider: 'wechat' },
    });
    expect(bound).toHaveLength(1);
    expect(candidates).toContain(bound[0]!.accountKey);
    expect(await accountOf('WECHAT', old)).toMatchObject({ userId: null });
  });
});
