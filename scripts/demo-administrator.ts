import type { DemoContext } from './demo-context';
import { pick } from './demo-context';

/**
 * What the user's browser does with the authorize URL: the sandbox's consent page stands in for
 * WeChat's QR code (DingTalk's login page), and its `/authorize` twin presses "Allow" for the
 * given person without a browser. Answers the redirect's query: code (authCode) and state.
 */
async function consent(
  context: DemoContext,
  authorizeUrl: string,
  person: string,
): Promise<URLSearchParams> {
  const page = new URL(authorizeUrl);
  page.pathname = `${page.pathname}/authorize`;
  page.hash = '';
  page.searchParams.set('user', person);
  const response = await fetch(page, { redirect: 'manual' });
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) {
    throw new Error(`the consent page at ${page.origin} answered ${response.status}, no redirect`);
  }
  context.printer.explain(`The browser is sent back to: ${location}`);
  return new URL(location).searchParams;
}

/**
 * 02/03: list, unbind, bind WeChat through the QR-code flow (state nonce, code), show that a
 * state works once, bind DingTalk, get the DingTalk binding again with another account, bind
 * WeChat again from inside WeChat (WECHAT_MP, the same account), bind WeCom, list again
 * (docs/administrator-api.md).
 */
export async function administratorFlow(context: DemoContext, bobUnionid: string): Promise<void> {
  const { client, printer, sandbox, credentials, suffix } = context;
  printer.section('3. Administrator OAuth binding: /api/administrator/user/oauth-binding (02, 03)');
  const auth = { Authorization: `Bearer ${credentials.adminToken}` };
  const list = '/api/administrator/user/oauth-binding';

  printer.explain('With a personal access token, the same user lists his bindings:');
  await client.send({ method: 'GET', target: list, headers: auth, expect: 200 });

  printer.explain('He unbinds WeChat (state: true) ...');
  await client.send({
    method: 'PUT',
    target: `${list}/WECHAT`,
    headers: auth,
    body: { state: true },
    expect: 200,
  });
  printer.explain('... and binds it again on the website (state: false answers the QR-code URL):');
  const started = await client.send({
    method: 'PUT',
    target: `${list}/WECHAT`,
    headers: auth,
    body: { state: false },
    expect: 200,
  });
  const wechat = await consent(context, pick<string>(started.json, ['data'], 'URL'), bobUnionid);
  const completion = {
    type: 'WECHAT',
    code: wechat.get('code') ?? '',
    state: wechat.get('state') ?? '',
  };
  await client.send({ method: 'POST', target: list, headers: auth, body: completion, expect: 200 });
  printer.explain('A state is single use: the same completion again is refused.');
  await client.send({ method: 'POST', target: list, headers: auth, body: completion, expect: 403 });

  const carol = await sandbox.registerDingtalkUser({ nick: `Bob on DingTalk ${suffix}` });
  printer.explain(
    `DingTalk the same way, signing in as "${carol.nick}" (unionId ${carol.unionId}):`,
  );
  const dingStart = await client.send({
    method: 'PUT',
    target: `${list}/DING_TALK`,
    headers: auth,
    body: { state: false },
    expect: 200,
  });
  const ding = await consent(context, pick<string>(dingStart.json, ['data'], 'URL'), carol.unionId);
  await client.send({
    method: 'POST',
    target: list,
    headers: auth,
    body: {
      type: 'DING_TALK',
      authCode: ding.get('authCode') ?? '',
      state: ding.get('state') ?? '',
    },
    expect: 200,
  });
  await client.send({ method: 'GET', target: list, headers: auth, expect: 200 });

  const dave = await sandbox.registerDingtalkUser({ nick: `Bob's new DingTalk ${suffix}` });
  printer.explain(
    'state: false while DingTalk is bound means 重新获取绑定 (get the binding again): the code ' +
      `that comes back, signed in as "${dave.nick}", replaces the bound account in one step.`,
  );
  const rebindStart = await client.send({
    method: 'PUT',
    target: `${list}/DING_TALK`,
    headers: auth,
    body: { state: false },
    expect: 200,
  });
  const rebind = await consent(
    context,
    pick<string>(rebindStart.json, ['data'], 'URL'),
    dave.unionId,
  );
  await client.send({
    method: 'POST',
    target: list,
    headers: auth,
    body: {
      type: 'DING_TALK',
      authCode: rebind.get('authCode') ?? '',
      state: rebind.get('state') ?? '',
    },
    expect: 200,
  });
  await client.send({ method: 'GET', target: list, headers: auth, expect: 200 });

  printer.explain(
    'Inside WeChat (a page whose user agent contains MicroMessenger) no QR code can be scanned: ' +
      "WECHAT_MP uses the official account's web authorisation (snsapi_userinfo) instead. Bob " +
      'signs in there as the same WeChat person: the same unionid, so the same WeChat binding.',
  );
  const mpStart = await client.send({
    method: 'PUT',
    target: `${list}/WECHAT_MP`,
    headers: auth,
    body: { state: false },
    expect: 200,
  });
  const mp = await consent(context, pick<string>(mpStart.json, ['data'], 'URL'), bobUnionid);
  await client.send({
    method: 'POST',
    target: list,
    headers: auth,
    body: { type: 'WECHAT_MP', code: mp.get('code') ?? '', state: mp.get('state') ?? '' },
    expect: 200,
  });

  printer.explain('WeCom (企业微信) web login: a member of the corp binds as corpId + userid.');
  const wecomStart = await client.send({
    method: 'PUT',
    target: `${list}/WECOM`,
    headers: auth,
    body: { state: false },
    expect: 200,
  });
  const wecomUrl = pick<string>(wecomStart.json, ['data'], 'URL');
  // The login link names the corp (appid); the sandbox gets a member of it to sign in as.
  const corpId = new URL(wecomUrl).searchParams.get('appid') ?? '';
  const member = await sandbox.registerWecomUser({
    corpId,
    userId: `bob-${suffix}`,
    name: `Bob at work ${suffix}`,
  });
  const wecom = await consent(context, wecomUrl, member.userId);
  await client.send({
    method: 'POST',
    target: list,
    headers: auth,
    body: { type: 'WECOM', code: wecom.get('code') ?? '', state: wecom.get('state') ?? '' },
    expect: 200,
  });
  printer.explain('One WeChat binding (however it was made), DingTalk and WeCom:');
  await client.send({ method: 'GET', target: list, headers: auth, expect: 200 });
}
