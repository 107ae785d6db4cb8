import type { AdministratorKit } from '../../../test/support/oauth-binding-kit';
import { DINGTALK_CORP_ID, startAdministratorKit } from '../../../test/support/oauth-binding-kit';

/**
 * DINGTALK_ALLOWED_CORP_IDS: only members of the listed organisations may bind DingTalk. The
 * organisation is the `corpId` DingTalk's user token names; anyone else is refused with a 403 in
 * the administrator envelope, and nothing is written.
 */
describe('DING_TALK binding limited to DINGTALK_ALLOWED_CORP_IDS', () => {
  let kit: AdministratorKit;
  beforeAll(async () => {
    kit = await startAdministratorKit({
      upstreams: { dingtalkAllowedCorpIds: [DINGTALK_CORP_ID, 'dingpartnercorp'] },
    });
  });
  afterAll(() => kit.close());

  it('binds a member of an allowed organisation', async () => {
    const admin = await kit.newAdmin();
    for (const corpId of [DINGTALK_CORP_ID, 'dingpartnercorp']) {
      const member = await kit.newDingtalkUser({ corpId });
      const response = await kit.bind(admin, 'DING_TALK', member);
      expect(response.body).toEqual({ code: 200, data: '绑定成功', msg: 'success' });
      expect((await kit.put(admin, 'DING_TALK', { state: true })).status).toBe(200);
    }
  });

  it('refuses a member of another organisation with a 403, binding and auditing nothing', async () => {
    const admin = await kit.newAdmin();
    const outsider = await kit.newDingtalkUser({ corpId: 'dingsomeothercorp' });
    await kit.control.resetCalls();
    const response = await kit.bind(admin, 'DING_TALK', outsider);
    expect(response.status).toBe(403);
    expect(response.body).toEqual({ code: 403, msg: '该钉钉账号所在的组织不允许绑定本服务' });
    const { models } = kit.context;
    expect(await models.ExternalAccount.count({ where: { accountKey: outsider } })).toBe(0);
    expect(await models.AuditEvent.count({ where: { subjectId: admin.userId } })).toBe(0);
    expect((await kit.list(admin)).body.data).toEqual([]);
    // The profile is never read for an outsider: refused on the token's organisation alone.
    const { calls } = await kit.control.getCalls();
    expect(calls['/v1.0/oauth2/userAccessToken']).toBe(1);
    expect(calls['/v1.0/contact/users/me']).toBe(0);
  });

  it('refuses an outsider who tries to take over an existing binding with a rebind', async () => {
    const admin = await kit.newAdmin();
    const member = await kit.newDingtalkUser();
    expect((await kit.bind(admin, 'DING_TALK', member)).status).toBe(200);
    const outsider = await kit.newDingtalkUser({ corpId: 'dingsomeothercorp' });
    const rebind = await kit.bind(admin, 'DING_TALK', outsider);
    expect(rebind.status).toBe(403);
    const { models } = kit.context;
    const bound = await models.ExternalAccount.findOne({
      where: { userId: admin.userId, provider: 'dingtalk' },
    });
    expect(bound?.accountKey).toBe(member);
  });
});

describe('DING_TALK binding without DINGTALK_ALLOWED_CORP_IDS', () => {
  let kit: AdministratorKit;
  beforeAll(async () => {
    kit = await startAdministratorKit();
  });
  afterAll(() => kit.close());

  it('binds a member of any organisation, as before the setting existed', async () => {
    const admin = await kit.newAdmin();
    const outsider = await kit.newDingtalkUser({ corpId: 'dingsomeothercorp' });
    expect((await kit.bind(admin, 'DING_TALK', outsider)).status).toBe(200);
  });
});
