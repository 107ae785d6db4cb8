import type { DemoContext } from './demo-context';
import { pick, randomMobile } from './demo-context';
import type { DemoReply } from './demo-client';

/**
 * What the mini-program sends after wx.login() and wx.getUserProfile(): a fresh js_code and the
 * profile encrypted with that login's session key, both minted by the sandbox.
 */
export async function wxaAuthorize(
  context: DemoContext,
  unionid: string,
  appid = context.options.miniprogramApp,
): Promise<DemoReply> {
  const login = await context.sandbox.mintJsCode({ appid, user: unionid });
  const profile = await context.sandbox.mintEncryptedData({
    appid,
    user: unionid,
    session_key: login.session_key,
  });
  return context.client.send({
    method: 'POST',
    target: '/accounts/wxa_authorize',
    body: {
      js_code: login.js_code,
      encrypted_data: profile.encrypted_data,
      iv: profile.iv,
      auth_app_id: appid,
    },
    expect: 200,
  });
}

/** 05: sign in, get a code, bind a phone, check the token, sign in again (docs/mini-program.md). */
export async function miniProgramFlow(context: DemoContext): Promise<void> {
  const { client, printer, sandbox, options } = context;
  const appid = options.miniprogramApp;
  printer.section('1. Mini-program sign-in and phone binding: /accounts/* (api-docs/05)');

  const mobile = randomMobile();
  const alice = await sandbox.registerWechatUser({
    nickname: `Alice ${context.suffix}`,
    avatar: 'https://example.com/alice.png',
    gender: 2,
    phone: mobile,
  });
  printer.explain(
    `The sandbox now knows a WeChat user "${alice.nickname}" (unionid ${alice.unionid}, ` +
      `phone ${mobile}). The mini-program signs her in with wx.login's js_code and her ` +
      'encrypted profile; she is new, so bound is false. The reply carries a session_token: ' +
      'the proof, for the next calls, that this client is the one that signed in.',
  );
  const first = await wxaAuthorize(context, alice.unionid);
  const openid = pick<string>(first.json, ['data', 'openid'], 'openid');
  const sessionToken = pick<string>(first.json, ['data', 'session_token'], 'session_token');

  printer.explain(
    'Her openid alone proves nothing (openids appear in replies and logs): without the ' +
      'session_token the server refuses to act for her.',
  );
  await client.send({
    method: 'POST',
    target: '/accounts/send_verify_code',
    body: { auth_app_id: appid, openid, mobile: randomMobile() },
    expect: 401,
  });

  printer.explain('She types her mobile number; the server sends a 6-digit code by SMS.');
  await client.send({
    method: 'POST',
    target: '/accounts/send_verify_code',
    body: { auth_app_id: appid, openid, session_token: sessionToken, mobile },
    expect: 200,
  });
  printer.explain(
    "With SMS_SENDER=console the code is printed in the server's terminal, not here. " +
      'A wrong code is refused:',
  );
  await client.send({
    method: 'POST',
    target: '/accounts/wxa_bind_mobile',
    body: {
      auth_app_id: appid,
      openid,
      session_token: sessionToken,
      mobile,
      verify_code: '000000',
    },
    expect: 400,
  });

  printer.explain(
    "Instead she taps WeChat's phone button (open-type=getPhoneNumber): the mini-program gets " +
      'a phone_code, and the server asks WeChat for the number with the app access token.',
  );
  const phone = await sandbox.mintPhoneCode({ appid, user: alice.unionid });
  const bound = await client.send({
    method: 'POST',
    target: '/accounts/wxa_bind_mobile',
    body: { auth_app_id: appid, openid, session_token: sessionToken, phone_code: phone.code },
    expect: 200,
  });
  const token = pick<string>(bound.json, ['data', 'token'], 'token');

  printer.explain('The session token says who she is:');
  await client.send({
    method: 'GET',
    target: '/accounts/me',
    headers: { Authorization: `Bearer ${token}` },
    expect: 200,
  });

  printer.explain('Next time she opens the mini-program, one call signs her in (bound: true):');
  await wxaAuthorize(context, alice.unionid);
}
