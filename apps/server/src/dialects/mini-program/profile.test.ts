import { uniqueMobile } from '../../../test/support/test-data';
import type { AccountsKit } from '../../../test/support/mini-program-kit';
import { accountsFailure, startAccountsKit } from '../../../test/support/mini-program-kit';

describe('PUT /accounts/me', () => {
  let kit: AccountsKit;
  beforeAll(async () => {
    kit = await startAccountsKit({ SMS_RESEND_INTERVAL: '1' });
  });
  afterAll(() => kit.close());

  /** A new user, signed in and bound as every user is, named 微信用户 by WeChat as now. */
  async function newUser() {
    const wechatUser = await kit.newWechatUser({ nickname: '微信用户' });
    const session = (await kit.bindWithSms(await kit.signIn(wechatUser), uniqueMobile())).body.data;
    return { token: String(session.token), uid: String(session.uid) };
  }

  const rename = (authorization: string | undefined, body: unknown) => {
    const call = kit.http.put('/accounts/me');
    return (authorization === undefined ? call : call.set('authorization', authorization)).send(
      body as object,
    );
  };
  const me = (token: string) =>
    kit.http.get('/accounts/me').set('authorization', `Bearer ${token}`);
  const stored = async (uid: string) => ({
    name: (await kit.context.models.User.findByPk(uid))?.name,
    audits: await kit.context.models.AuditEvent.count({
      where: { subjectId: uid, action: 'profile.rename' },
    }),
  });

  it('starts as WeChat names the user: 微信用户', async () => {
    const { token } = await newUser();
    expect((await me(token)).body.data.username).toBe('微信用户');
  });

  it('sets the name, answers what GET /accounts/me answers, and audits the change', async () => {
    const { token, uid } = await newUser();
    const response = await rename(`Bearer ${token}`, { nickname: '  小明 ' });
    expect(response.status).toBe(200);
    const after = await me(token);
    expect(after.body.data.username).toBe('小明');
    expect(response.body).toEqual(after.body);

    expect(await stored(uid)).toEqual({ name: '小明', audits: 1 });
    const audit = await kit.context.models.AuditEvent.findOne({
      where: { subjectId: uid, action: 'profile.rename' },
    });
    expect(audit).toMatchObject({
      actorType: 'user',
      actorId: uid,
      subjectType: 'user',
      ip: expect.stringContaining('127.0.0.1'),
      details: { from: '微信用户', to: '小明' },
    });
  });

  it('writes nothing more when the name is the same', async () => {
    const { token, uid } = await newUser();
    await rename(`Bearer ${token}`, { nickname: '同名' });
    expect((await rename(`Bearer ${token}`, { nickname: '同名' })).status).toBe(200);
    expect(await stored(uid)).toEqual({ name: '同名', audits: 1 });
  });

  it.each([
    ['one character', '李'],
    ['32 code points, emoji counted once', '😀'.repeat(32)],
    ['32 CJK characters', '龍'.repeat(32)],
    ['letters, digits, spaces and punctuation inside', 'Ada Lovelace-1815 (数学)'],
    ['a combining accent', 'Zoe\u0301'],
    ['right-to-left text', 'مرحبا'],
  ])('accepts %s', async (_what, nickname) => {
    const { token, uid } = await newUser();
    const response = await rename(`Bearer ${token}`, { nickname });
    expect(response.status).toBe(200);
    expect(response.body.data.username).toBe(nickname);
    expect((await stored(uid)).name).toBe(nickname);
  });

  it.each([
    ['empty', { nickname: '' }, 'nickname 不能为空'],
    ['only spaces', { nickname: '  \u3000 ' }, '昵称不能为空'],
    ['missing', {}, 'nickname 不能为空'],
    ['a number', { nickname: 42 }, 'nickname 必须是字符串'],
    ['null', { nickname: null }, 'nickname 必须是字符串'],
    ['33 code points', { nickname: '😀'.repeat(33) }, '昵称不能超过 32 个字符'],
    ['33 CJK characters', { nickname: '龍'.repeat(33) }, '昵称不能超过 32 个字符'],
    ['a line break', { nickname: '小\n明' }, '昵称不能包含换行、控制字符或不可见字符'],
    ['a carriage return', { nickname: '小\r明' }, '昵称不能包含换行、控制字符或不可见字符'],
    ['a tab', { nickname: '小\t明' }, '昵称不能包含换行、控制字符或不可见字符'],
    ['NUL', { nickname: '小\u0000明' }, '昵称不能包含换行、控制字符或不可见字符'],
    ['a zero-width space', { nickname: '小\u200b明' }, '昵称不能包含换行、控制字符或不可见字符'],
    ['a zero-width joiner', { nickname: '小\u200d明' }, '昵称不能包含换行、控制字符或不可见字符'],
    ['a bidi override', { nickname: 'abc\u202egpj' }, '昵称不能包含换行、控制字符或不可见字符'],
    [
      'a bidi isolate',
      { nickname: '\u2066admin\u2069x' },
      '昵称不能包含换行、控制字符或不可见字符',
    ],
    ['a line separator', { nickname: '小\u2028明' }, '昵称不能包含换行、控制字符或不可见字符'],
    ['a BOM inside', { nickname: '小\ufeff明' }, '昵称不能包含换行、控制字符或不可见字符'],
    ['a lone surrogate', { nickname: '小\ud800明' }, '昵称不能包含换行、控制字符或不可见字符'],
  ])('refuses a nickname that is %s: 400, nothing changed', async (_what, body, message) => {
    const { token, uid } = await newUser();
    const before = await stored(uid);
    const response = await rename(`Bearer ${token}`, body);
    expect(response.status).toBe(400);
    expect(response.body).toEqual(accountsFailure(400, message));
    expect(await stored(uid)).toEqual(before);
  });

  it('refuses a body that is not JSON: 400 or 415 in the envelope, nothing changed', async () => {
    const { token, uid } = await newUser();
    const before = await stored(uid);
    const broken = await kit.http
      .put('/accounts/me')
      .set('authorization', `Bearer ${token}`)
      .set('content-type', 'application/json')
      .send('{"nickname":');
    expect(broken.body).toEqual(accountsFailure(400, '请求数据不是有效的 JSON'));
    const text = await kit.http
      .put('/accounts/me')
      .set('authorization', `Bearer ${token}`)
      .set('content-type', 'text/plain')
      .send('小明');
    expect(text.body).toEqual(accountsFailure(415, '请求数据格式不支持'));
    const multipart = await kit.http
      .put('/accounts/me')
      .set('authorization', `Bearer ${token}`)
      .field('nickname', '小明');
    expect(multipart.status).toBe(415);
    expect(await stored(uid)).toEqual(before);
  });

  it('needs the bearer token: without it, or with a forged one, nothing changes (401)', async () => {
    const { token, uid } = await newUser();
    const before = await stored(uid);
    expect((await rename(undefined, { nickname: '入侵者' })).body).toEqual(
      accountsFailure(401, '请先登录'),
    );
    // Authentication comes first: bad input without a token says nothing about the input.
    expect((await rename(undefined, { nickname: '' })).body).toEqual(
      accountsFailure(401, '请先登录'),
    );
    const [header, payload] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: uid })).toString(
      'base64url',
    )}.${'A'.repeat(43)}`;
    for (const authorization of [`Bearer ${forged}`, `Bearer ${token}x`, `Basic ${token}`]) {
      expect((await rename(authorization, { nickname: '入侵者' })).status).toBe(401);
    }
    expect(await stored(uid)).toEqual(before);
  });

  it("changes only the token holder's own name: another user's token renames that user", async () => {
    const victim = await newUser();
    const attacker = await newUser();
    const before = await stored(victim.uid);
    const response = await rename(`Bearer ${attacker.token}`, {
      nickname: '被改名',
      uid: victim.uid,
      user_id: victim.uid,
    });
    expect(response.status).toBe(200);
    expect(response.body.data.uid).toBe(attacker.uid);
    expect(await stored(victim.uid)).toEqual(before);
    expect((await stored(attacker.uid)).name).toBe('被改名');
  });
});
