import type { WechatApp } from '../control/types';
import type { SandboxState } from '../state/sandbox-state';
import { WechatError } from './wechat-error';

/**
 * The appid + secret check every credential-taking WeChat API starts with, in WeChat's order:
 * missing appid (41002), missing secret (41004), unknown appid (40013), wrong secret (40125).
 */
export function checkAppCredentials(
  state: SandboxState,
  appid: string | undefined,
  secret: string | undefined,
): WechatApp {
  if (appid === undefined) throw new WechatError(41002);
  if (secret === undefined) throw new WechatError(41004);
  const app = state.wechatApps.find(appid);
  if (!app) throw new WechatError(40013);
  if (app.secret !== secret) throw new WechatError(40125);
  return app;
}

/** OAuth-style APIs take `grant_type`; WeChat refuses any value but the documented one. */
export function checkGrantType(actual: string | undefined, expected: string): void {
  if (actual !== expected) throw new WechatError(40002);
}
