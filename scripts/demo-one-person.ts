import type { DemoContext } from './demo-context';
import { pick } from './demo-context';
import { wxaAuthorize } from './demo-mini-program';

/**
 * Part of 1: a mini-program that joins an Open Platform account after its users first signed in
 * (docs/data-model.md, "One person across apps"). The sandbox hides the app's unionids, Carol
 * signs in (keyed appId:openid), the app joins, and her next sign-in brings her unionid with the same
 * openid: the server re-keys her account rather than keep two.
 */
export async function openPlatformLaterStep(context: DemoContext): Promise<void> {
  const { printer, sandbox, options } = context;
  const appid = options.miniprogramApp;
  const carol = await sandbox.registerWechatUser({
    nickname: `Carol ${context.suffix}`,
    avatar: 'https://example.com/carol.png',
  });
  printer.explain(
    `An app that joins an Open Platform account later: the sandbox hides ${appid}'s unionids ` +
      `while "${carol.nickname}" signs in, so WeChat gives her openid only (unionid null).`,
  );
  await sandbox.setOpenPlatform(appid, false);
  try {
    const before = await wxaAuthorize(context, carol.unionid);
    const openid = pick<string>(before.json, ['data', 'openid'], 'openid');
    await sandbox.setOpenPlatform(appid, true);
    printer.explain(
      `The app joins; her next sign-in brings unionid ${carol.unionid} with the same openid ` +
        `${openid}. The server re-keys her account (or merges it into the unionid's, binding ` +
        'included) and writes a wechat.merge audit row: one person, one account.',
    );
    await wxaAuthorize(context, carol.unionid);
  } finally {
    await sandbox.setOpenPlatform(appid, true);
  }
}
