import { signRequest } from '@wechat-bind/signature';
import type { DemoContext } from './demo-context';

/**
 * 01: bind the caller's WeChat account with a Caa-signed PUT /api/my/bind-weixin, then replay
 * the very same request to show the replay memory (docs/my-api.md).
 */
export async function myApiFlow(context: DemoContext): Promise<{ unionid: string }> {
  const { client, printer, sandbox, options, credentials } = context;
  printer.section('2. Signed client API: PUT /api/my/bind-weixin (api-docs/01, signature.md)');

  const bob = await sandbox.registerWechatUser({
    nickname: `Bob ${context.suffix}`,
    avatar: 'https://example.com/bob.png',
    gender: 1,
  });
  const grant = await sandbox.mintUserAccessToken({ appid: options.mobileApp, user: bob.unionid });
  printer.explain(
    `User ${credentials.userId} signed in to the WeChat mobile app ${options.mobileApp} as ` +
      `"${bob.nickname}"; the app got an access token for openid ${grant.openid}. It proves the ` +
      'account is his with a request signed by his Caa key pair ' +
      '(HMAC-SHA1 over method, path, timestamp and body).',
  );
  const body = JSON.stringify({
    accessToken: grant.access_token,
    openid: grant.openid,
    unionid: bob.unionid,
    userId: credentials.userId,
  });
  const target = '/api/my/bind-weixin';
  const authorization = signRequest({
    apiKey: credentials.apiKey,
    apiSecret: credentials.apiSecret,
    method: 'PUT',
    target,
    timestamp: Date.now(),
    body,
  });
  const request = {
    method: 'PUT' as const,
    target,
    headers: { Authorization: authorization },
    body,
  };
  await client.send({ ...request, expect: 200 });

  printer.explain(
    'The same bytes sent again are a replay: the signature is remembered in Redis until its ' +
      'timestamp leaves the 5-minute window, on every instance.',
  );
  await client.send({ ...request, expect: 400 });
  return { unionid: bob.unionid };
}
