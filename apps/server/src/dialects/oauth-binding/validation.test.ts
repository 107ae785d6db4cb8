import type { AdministratorKit, Admin } from '../../../test/support/oauth-binding-kit';
import { PATH, startAdministratorKit } from '../../../test/support/oauth-binding-kit';

const invalid = (data: Record<string, string[]>) => ({
  code: 403,
  data,
  msg: '请求数据验证失败!',
});

describe('administrator API input validation', () => {
  let kit: AdministratorKit;
  let admin: Admin;
  beforeAll(async () => {
    kit = await startAdministratorKit();
    admin = await kit.newAdmin();
  });
  afterAll(() => kit.close());

  describe('PUT /api/administrator/user/oauth-binding/{type}', () => {
    it.each([
      ['no state', {}, 'state 不能为空。'],
      ['an empty state', { state: '' }, 'state 不能为空。'],
      ['a null state', { state: null }, 'state 不能为空。'],
      ['a word', { state: 'yes' }, 'state 必须是布尔值。'],
      ['a number other than 0 and 1', { state: 2 }, 'state 必须是布尔值。'],
      ['a list', { state: [true] }, 'state 必须是布尔值。'],
      ['an object', { state: { value: true } }, 'state 必须是布尔值。'],
    ])('answers 403 for %s', async (_name, body, message) => {
      const response = await kit.put(admin, 'WECHAT', body);
      expect(response.status).toBe(403);
      expect(response.body).toEqual(invalid({ state: [message] }));
    });

    it('judges a body that is not an object as an empty one', async () => {
      const response = await kit.put(admin, 'DING_TALK', [true]);
      expect(response.body).toEqual(invalid({ state: ['state 不能为空。'] }));
      const none = await kit.http().put(`${PATH}/WECHAT`).set('Authorization', admin.auth);
      expect(none.body).toEqual(invalid({ state: ['state 不能为空。'] }));
    });

    it('understands form bodies and 1/0, "true"/"false"', async () => {
      const form = await kit
        .http()
        .put(`${PATH}/WECHAT`)
        .set('Authorization', admin.auth)
        .type('form')
        .send('state=0');
      expect(form.status).toBe(200);
      expect(form.body.data).toMatch(/\/connect\/qrconnect\?/);
      expect((await kit.put(admin, 'WECHAT', { state: 'false' })).status).toBe(200);
      // `true`, `1` and "true" all mean unbind; nothing is bound, which is already what unbinding
      // asks for: 200 操作成功 (not a validation error).
      for (const state of [true, 1, '1', 'true']) {
        expect((await kit.put(admin, 'WECHAT', { state })).body).toEqual({
          code: 200,
          data: '操作成功',
          msg: 'success',
        });
      }
    });

    it('answers 404 in the envelope for a type other than WECHAT and DING_TALK', async () => {
      for (const type of ['QQ', 'wechat', 'Ding_Talk', 'WECHAT ', '%00', 'wecom', 'WECHAT-MP']) {
        const response = await kit.put(admin, encodeURIComponent(type), { state: false });
        expect(response.status).toBe(404);
        expect(response.body).toEqual({ code: 404, msg: '请求的资源不存在' });
      }
    });
  });

  describe('POST /api/administrator/user/oauth-binding', () => {
    it('lists every missing field, one list each', async () => {
      const response = await kit.post(admin, {});
      expect(response.status).toBe(403);
      expect(response.body).toEqual(
        invalid({
          type: ['type 不能为空。'],
          code: ['code 不能为空。'],
          state: ['state 不能为空。'],
        }),
      );
      expect((await kit.post(admin, [])).body).toEqual(response.body);
      expect((await kit.post(admin, { type: '', code: null, state: '   ' })).body).toEqual(
        response.body,
      );
    });

    it('refuses a type other than WECHAT, DING_TALK, WECOM and WECHAT_MP', async () => {
      const response = await kit.post(admin, { type: 'QQ', code: 'c', state: 's' });
      expect(response.body).toEqual(
        invalid({ type: ['type 必须是 WECHAT、DING_TALK、WECOM 或 WECHAT_MP 之一。'] }),
      );
      expect((await kit.post(admin, { type: 'wechat', code: 'c', state: 's' })).body).toEqual(
        response.body,
      );
    });

    it('refuses values of the wrong type', async () => {
      const response = await kit.post(admin, { type: 1, code: 2, state: true });
      expect(response.body).toEqual(
        invalid({
          type: ['type 必须是字符串。'],
          code: ['code 必须是字符串。'],
          state: ['state 必须是字符串。'],
        }),
      );
    });

    it('refuses absurdly long codes and states', async () => {
      const response = await kit.post(admin, {
        type: 'WECHAT',
        code: 'c'.repeat(513),
        state: 's'.repeat(257),
      });
      expect(response.body).toEqual(
        invalid({
          code: ['code 不能超过 512 个字符。'],
          state: ['state 不能超过 256 个字符。'],
        }),
      );
    });

    it('takes authCode in place of code for DING_TALK only', async () => {
      expect((await kit.post(admin, { type: 'WECHAT', authCode: 'c', state: 's' })).body).toEqual(
        invalid({ code: ['code 不能为空。'] }),
      );
      expect(
        (await kit.post(admin, { type: 'DING_TALK', authCode: '  ', state: 's' })).body,
      ).toEqual(invalid({ code: ['code 不能为空。'] }));
      expect(
        (await kit.post(admin, { type: 'DING_TALK', authCode: 7, code: 'c', state: 's' })).body,
      ).toEqual(invalid({ authCode: ['authCode 必须是字符串。'] }));
      // Valid in shape: it gets as far as the state check.
      expect(
        (await kit.post(admin, { type: 'DING_TALK', authCode: 'c', state: 's' })).body,
      ).toEqual({ code: 403, msg: 'state 无效或已过期，请重新发起绑定' });
    });
  });

  it('answers broken JSON, other media types and other methods in the envelope', async () => {
    const broken = await kit
      .http()
      .post(PATH)
      .set('Authorization', admin.auth)
      .set('Content-Type', 'application/json')
      .send('{"type":');
    expect(broken.status).toBe(400);
    expect(broken.body).toEqual({ code: 400, msg: '请求数据格式错误' });

    const text = await kit
      .http()
      .post(PATH)
      .set('Authorization', admin.auth)
      .set('Content-Type', 'text/plain')
      .send('type=WECHAT');
    expect(text.status).toBe(415);
    expect(text.body.code).toBe(415);

    const deleted = await kit.http().delete(PATH).set('Authorization', admin.auth);
    expect(deleted.status).toBe(405);
    expect(deleted.body).toEqual({ code: 405, msg: '请求方法不允许' });
    expect(deleted.headers.allow).toMatch(/GET/);
  });
});
