import { randomBytes } from 'node:crypto';
import type { DemoContext } from './demo-context';
import { runCli } from './demo-credentials';
import { wxaAuthorize } from './demo-mini-program';

/** A little longer than WXA_APPS_REFRESH's default, the longest the server takes to see an app. */
const APP_REACH_MS = 35_000;

/**
 * Part of 1: a second mini-program, added with the admin CLI while the server runs, signs its
 * users in without a restart (docs/mini-program.md, "Apps"). The server reloads its apps every
 * WXA_APPS_REFRESH seconds, so the demo waits for the reload, asking without recording the replies.
 */
export async function secondAppStep(context: DemoContext): Promise<void> {
  const { printer, sandbox, options } = context;
  const appid = `wx${randomBytes(8).toString('hex')}`;
  const secret = randomBytes(16).toString('hex');
  await sandbox.registerWechatApp({ appid, secret, name: `Demo shop ${context.suffix}` });
  printer.explain(
    `A second mini-program, ${appid}, registered with WeChat (the sandbox), is added with the ` +
      'admin CLI while the server runs; its AppSecret goes in on standard input, never on the ' +
      'command line, and is stored sealed with DATA_KEY.',
  );
  process.stdout.write(
    `    $ printf %s "$APP_SECRET" | npm run cli -- app:add ${appid} --secret-stdin\n`,
  );
  await runCli(['app:add', appid, '--secret-stdin'], `${secret}\n`);

  const erin = await sandbox.registerWechatUser({
    nickname: `Erin ${context.suffix}`,
    avatar: 'https://example.com/erin.png',
  });
  printer.explain(
    `The server sees it at its next reload of apps (WXA_APPS_REFRESH, 30 s by default); until ` +
      `then it answers unknown_app. Waiting up to ${APP_REACH_MS / 1000} s…`,
  );
  const deadline = Date.now() + APP_REACH_MS;
  while (!(await signsIn(context, appid, erin.unionid))) {
    if (Date.now() > deadline) {
      throw new Error(`${options.baseUrl} did not serve ${appid} within ${APP_REACH_MS / 1000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  printer.explain(`"${erin.nickname}" signs in through the new app, no restart needed:`);
  await wxaAuthorize(context, erin.unionid, appid);

  process.stdout.write(`    $ npm run cli -- app:remove ${appid}\n`);
  await runCli(['app:remove', appid]);
  printer.explain(
    'Removed: within the same period every instance answers unknown_app for it again, and the ' +
      'store keeps its history (app:list --all).',
  );
}

/** One sign-in attempt through the app, not recorded by the demo's client: true once it is 200. */
async function signsIn(context: DemoContext, appid: string, unionid: string): Promise<boolean> {
  const login = await context.sandbox.mintJsCode({ appid, user: unionid });
  const profile = await context.sandbox.mintEncryptedData({
    appid,
    user: unionid,
    session_key: login.session_key,
  });
  const reply = await fetch(`${context.options.baseUrl}/accounts/wxa_authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      js_code: login.js_code,
      encrypted_data: profile.encrypted_data,
      iv: profile.iv,
      auth_app_id: appid,
    }),
  });
  return reply.status === 200;
}
