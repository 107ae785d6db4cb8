import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { createApp } from '../../app';
import { MiniProgramError } from '../../libraries/mini-program/errors';
import type { SmsChallenge, SmsChallengeRequest } from '../../libraries/mini-program/sms-challenge';
import { uniqueMobile } from '../../../test/support/test-data';
import type { AccountsKit } from '../../../test/support/mini-program-kit';
import { accountsFailure, startAccountsKit } from '../../../test/support/mini-program-kit';

describe('POST /accounts/send_verify_code', () => {
  let kit: AccountsKit;
  beforeAll(async () => {
    kit = await startAccountsKit();
  });
  afterAll(() => kit.close());

  const send = (body: Record<string, unknown>) =>
    kit.http.post('/accounts/send_verify_code').send(body);
  const signedIn = async () => (await kit.signIn(await kit.newWechatUser())).openid;

  it('texts a 6-digit code to the mobile through the webhook, and never returns it', async () => {
    const openid = await signedIn();
    const mobile = uniqueMobile();
    const response = await send({ auth_app_id: kit.appId, ...kit.proof(openid), mobile });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      data: { expires_in: 300, resend_after: 60 },
      status: { code: 200, message: 'Ok all right.' },
      success: true,
    });
    const sent = kit.sms.received.filter((message) => message.mobile === mobile);
    expect(sent).toEqual([{ mobile, code: expect.stringMatching(/^\d{6}$/), expiresIn: 300 }]);
    expect(response.text).not.toContain(sent[0]!.code);
    // Neither the code nor its hash reaches the log.
    expect(kit.context.logLines.join('')).not.toContain(sent[0]!.code);
  });

  it('needs a wxa_authorize session for the openid: 401, and nothing is sent', async () => {
    const user = await kit.newWechatUser();
    // The openid is real, but this client never signed in with it.
    const { openid } = await kit.control.mintJsCode({ appid: kit.appId, user: user.unionid });
    const mobile = uniqueMobile();
    const response = await send({ auth_app_id: kit.appId, openid, mobile });

    expect(response.status).toBe(401);
    expect(response.body).toEqual(accountsFailure(401, '请先授权登录'));
    expect(kit.sms.attempted.some((message) => message.mobile === mobile)).toBe(false);
  });

  it('refuses an auth_app_id this server does not serve', async () => {
    const openid = await signedIn();
    const response = await send({ auth_app_id: 'wx-not-ours', openid, mobile: uniqueMobile() });
    expect(response.body).toEqual(accountsFailure(400, 'auth_app_id 不是已接入的小程序'));
  });

  it('sends one code per minute per openid + mobile: 429 with how long to wait', async () => {
    const openid = await signedIn();
    const mobile = uniqueMobile();
    expect((await send({ auth_app_id: kit.appId, ...kit.proof(openid), mobile })).status).toBe(200);

    const again = await send({ auth_app_id: kit.appId, ...kit.proof(openid), mobile });
    expect(again.status).toBe(429);
    expect(again.body.status.message).toMatch(/^验证码发送过于频繁，请 (\d+) 秒后再试$/);
    const wait = Number(/(\d+) 秒/.exec(again.body.status.message)![1]);
    expect(wait).toBeGreaterThan(50);
    expect(wait).toBeLessThanOrEqual(60);
    expect(again.headers['retry-after']).toBe(String(wait));
    expect(kit.sms.received.filter((message) => message.mobile === mobile)).toHaveLength(1);

    // Someone else's request for the same mobile did not start the holder's wait.
    const holder = await signedIn();
    expect((await send({ auth_app_id: kit.appId, ...kit.proof(holder), mobile })).status).toBe(200);
  });

  it('lets exactly one of many parallel requests for one mobile send', async () => {
    const openid = await signedIn();
    const mobile = uniqueMobile();
    const replies = await Promise.all(
      Array.from({ length: 8 }, () =>
        send({ auth_app_id: kit.appId, ...kit.proof(openid), mobile }),
      ),
    );
    const statuses = replies.map((reply) => reply.status).sort();
    expect(statuses).toEqual([200, 429, 429, 429, 429, 429, 429, 429]);
    expect(kit.sms.received.filter((message) => message.mobile === mobile)).toHaveLength(1);
  });

  it('answers 502 when the SMS gateway fails, keeps no code, and lets the user retry at once', async () => {
    const openid = await signedIn();
    const mobile = uniqueMobile();
    kit.sms.failNext();
    const failed = await send({ auth_app_id: kit.appId, ...kit.proof(openid), mobile });
    expect(failed.status).toBe(502);
    expect(failed.body).toEqual(accountsFailure(502, '短信发送失败，请稍后重试'));

    const lost = kit.sms.attempted.filter((message) => message.mobile === mobile).at(-1)!.code;
    const bind = await kit.http
      .post('/accounts/wxa_bind_mobile')
      .send({ auth_app_id: kit.appId, ...kit.proof(openid), mobile, verify_code: lost });
    expect(bind.body).toEqual(accountsFailure(400, '验证码已失效'));

    const retry = await send({ auth_app_id: kit.appId, ...kit.proof(openid), mobile });
    expect(retry.status).toBe(200);
  });

  describe('validation, in the envelope', () => {
    it.each([
      [{ openid: 'o', mobile: '13800138000' }, 'auth_app_id 不能为空'],
      [{ auth_app_id: 'a', mobile: '13800138000' }, 'openid 不能为空'],
      [{ auth_app_id: 'a', openid: 'o' }, 'mobile 不能为空'],
      [{ auth_app_id: 'a', openid: 'o', mobile: '' }, 'mobile 不能为空'],
      [{ auth_app_id: 'a', openid: 'o', mobile: '12800138000' }, 'mobile 格式不正确'],
      [{ auth_app_id: 'a', openid: 'o', mobile: '+8613800138000' }, 'mobile 格式不正确'],
      [{ auth_app_id: 'a', openid: 'o', mobile: '1380013800' }, 'mobile 格式不正确'],
      [{ auth_app_id: 'a', openid: 'o', mobile: 13800138000 }, 'mobile 必须是字符串'],
      [
        { auth_app_id: 'a', openid: 'o'.repeat(129), mobile: '13800138000' },
        'openid 不能超过 128 个字符',
      ],
    ])('%j → %s', async (body, message) => {
      const response = await send(body);
      expect(response.status).toBe(400);
      expect(response.body).toEqual(accountsFailure(400, message));
    });
  });
});

describe('send_verify_code limits', () => {
  it("a stranger cannot spend the daily allowance of someone else's mobile", async () => {
    const kit = await startAccountsKit({
      SMS_RESEND_INTERVAL: '1',
      SMS_DAILY_LIMIT_PER_OPENID_MOBILE: '2',
    });
    try {
      const mobile = uniqueMobile();
      const stranger = await kit.signIn(await kit.newWechatUser());
      const send = (openid: string) =>
        kit.http
          .post('/accounts/send_verify_code')
          .send({ auth_app_id: kit.appId, ...kit.proof(openid), mobile });
      expect((await send(stranger.openid)).status).toBe(200);
      await sleep(1_100);
      expect((await send(stranger.openid)).status).toBe(200);
      await sleep(1_100);
      const third = await send(stranger.openid);
      expect(third.status).toBe(429);
      expect(third.body.status.message).toBe(
        '该手机号今日获取验证码次数已达上限，请 24 小时后再试',
      );
      expect(Number(third.headers['retry-after'])).toBeGreaterThan(86_000);

      // The holder of the mobile, in their own session, is not locked out.
      const holder = await kit.signIn(await kit.newWechatUser());
      expect((await send(holder.openid)).status).toBe(200);
      expect(kit.sms.received.filter((message) => message.mobile === mobile)).toHaveLength(3);
    } finally {
      await kit.close();
    }
  });

  it('sends at most SMS_HOURLY_LIMIT_PER_REQUESTER codes an hour for one requester (5)', async () => {
    const kit = await startAccountsKit();
    try {
      const send = (openid: string) =>
        kit.http
          .post('/accounts/send_verify_code')
          .send({ auth_app_id: kit.appId, ...kit.proof(openid), mobile: uniqueMobile() });
      const { openid } = await kit.signIn(await kit.newWechatUser());
      for (let sent = 0; sent < 5; sent += 1) expect((await send(openid)).status).toBe(200);
      const sixth = await send(openid);
      expect(sixth.status).toBe(429);
      expect(sixth.body.status.message).toBe('请求验证码过于频繁，请 60 分钟后再试');
      expect(kit.sms.received).toHaveLength(5);

      // Another requester, from the same address, is not held back by it.
      const other = await kit.signIn(await kit.newWechatUser());
      expect((await send(other.openid)).status).toBe(200);
    } finally {
      await kit.close();
    }
  });

  it('keeps SMS_DAILY_LIMIT_PER_MOBILE as a ceiling per mobile, whoever asks', async () => {
    const kit = await startAccountsKit({ SMS_DAILY_LIMIT_PER_MOBILE: '2' });
    try {
      const mobile = uniqueMobile();
      const send = async () => {
        const { openid } = await kit.signIn(await kit.newWechatUser());
        return kit.http
          .post('/accounts/send_verify_code')
          .send({ auth_app_id: kit.appId, ...kit.proof(openid), mobile });
      };
      expect((await send()).status).toBe(200);
      expect((await send()).status).toBe(200);
      const third = await send();
      expect(third.status).toBe(429);
      expect(third.body.status.message).toBe(
        '该手机号今日获取验证码次数已达上限，请 24 小时后再试',
      );
      expect(kit.sms.received).toHaveLength(2);
    } finally {
      await kit.close();
    }
  });

  it('accepts at most SMS_HOURLY_LIMIT_PER_IP requests an hour from one IP', async () => {
    const kit = await startAccountsKit({ SMS_HOURLY_LIMIT_PER_IP: '3' });
    try {
      const { openid } = await kit.signIn(await kit.newWechatUser());
      const send = () =>
        kit.http
          .post('/accounts/send_verify_code')
          .send({ auth_app_id: kit.appId, ...kit.proof(openid), mobile: uniqueMobile() });
      for (let sent = 0; sent < 3; sent += 1) expect((await send()).status).toBe(200);

      const fourth = await send();
      expect(fourth.status).toBe(429);
      expect(fourth.body.status.message).toBe('请求验证码过于频繁，请 60 分钟后再试');
      expect(kit.sms.received).toHaveLength(3);
    } finally {
      await kit.close();
    }
  });
});

describe('send_verify_code with a challenge hook', () => {
  it("runs the operator's check before any limit is spent, with the request's challenge", async () => {
    const kit = await startAccountsKit({ SMS_HOURLY_LIMIT_PER_REQUESTER: '1' });
    try {
      const seen: SmsChallengeRequest[] = [];
      const smsChallenge: SmsChallenge = {
        async check(request) {
          seen.push(request);
          if (request.answer !== 'solved') throw new MiniProgramError('challenge_failed');
        },
      };
      const http = request(createApp({ ...kit.context.deps, smsChallenge }).callback());
      const { openid } = await kit.signIn(await kit.newWechatUser());
      const mobile = uniqueMobile();
      const send = (extra: Record<string, string>) =>
        http
          .post('/accounts/send_verify_code')
          .send({ auth_app_id: kit.appId, ...kit.proof(openid), mobile, ...extra });

      const refused = await send({ challenge: 'guessed' });
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual(accountsFailure(403, '请先完成安全验证'));
      expect((await send({})).status).toBe(403);
      expect(kit.sms.attempted).toHaveLength(0);
      // The refusals spent none of the requester's one send.
      expect((await send({ challenge: 'solved' })).status).toBe(200);
      expect(seen.map(({ answer }) => answer)).toEqual(['guessed', undefined, 'solved']);
      expect(seen[2]).toMatchObject({ appId: kit.appId, openid, mobile, ip: expect.any(String) });

      // Without a proven session the hook is never asked.
      await http
        .post('/accounts/send_verify_code')
        .send({ auth_app_id: kit.appId, openid, mobile, challenge: 'solved' });
      expect(seen).toHaveLength(3);
    } finally {
      await kit.close();
    }
  });
});
