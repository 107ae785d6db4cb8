import { randomBytes } from 'node:crypto';
import type { DemoContext } from './demo-context';
import { pick } from './demo-context';
import { wxaAuthorize } from './demo-mini-program';

/**
 * 04: a trusted app client shows a WeChat user's Account, signs them up with an email account,
 * unlinks and links the two again, and meets the email verification link (docs/account-linking.md).
 */
export async function accountLinkingFlow(context: DemoContext): Promise<void> {
  const { client, printer, sandbox, credentials, suffix } = context;
  printer.section('4. WeChat ↔ email account linking: /account/wx* (api-docs/04)');

  const dave = await sandbox.registerWechatUser({
    nickname: `Dave ${suffix}`,
    avatar: 'https://example.com/dave.png',
  });
  printer.explain(
    `"${dave.nickname}" signs in with WeChat (here through the mini-program), so the store ` +
      'knows his WeChat account, not yet linked to any email account.',
  );
  await wxaAuthorize(context, dave.unionid);

  const headers = { Authorization: `Bearer ${credentials.clientKey}`, 'X-Union-Id': dave.unionid };
  printer.explain(
    'An app client (its client-app key, kind app) asks for the Account of the WeChat user it ' +
      'signed in:',
  );
  await client.send({ method: 'GET', target: '/account/wx', headers, expect: 200 });

  const email = `dave-${suffix}@example.com`;
  const password = `demo-${randomBytes(6).toString('hex')}`;
  printer.explain(
    `He signs up with ${email}: one transaction makes the email account and links it.`,
  );
  const signup = await client.send({
    method: 'POST',
    target: '/account/wx/signup',
    headers,
    body: { email, password },
    expect: 200,
  });
  const userId = pick<string>(signup.json, ['id'], 'email account id');

  printer.explain('Unlinking the two (no membership to split, so no anchor is needed):');
  await client.send({
    method: 'POST',
    target: '/account/wx/unlink',
    headers,
    body: { userId },
    expect: 204,
  });
  printer.explain(
    'And linking them again. An app key is inside a client anyone can take apart, so it must ' +
      'prove the email account with its password (a server key would send the id alone); the ' +
      'answer is 204, as the original server gives:',
  );
  await client.send({
    method: 'POST',
    target: '/account/wx/link',
    headers,
    body: { userId, password },
    expect: 204,
  });

  printer.explain(
    'Signup queued a verification mail in the outbox. Without SMTP_URL the server logs only its ' +
      'recipient and subject (the link holds a single-use token); point SMTP_URL at a mail ' +
      'catcher to click it. A link with a wrong token:',
  );
  await client.send({
    method: 'GET',
    target: `/account/verify-email/${randomBytes(32).toString('base64url')}`,
    expect: 404,
  });
}
