import { startSandbox } from '@wechat-bind/wechat-sandbox';
import type { Config, DingtalkApp, MiniProgramApp, WechatWebApp, WecomApp } from '../config';
import type { Logger } from '../logger';

/** Where the outside services are, and which apps this server signs in with. */
export interface UpstreamSettings {
  wechatApiBase: string;
  dingtalkApiBase: string;
  wechatConnectBase: string;
  dingtalkLoginBase: string;
  wecomApiBase: string;
  wecomLoginBase: string;
  /** WECHAT_MINIPROGRAM_APPS (or the development app): what start-up seeds the store with. */
  miniprogramApps: MiniProgramApp[];
  mobileApp?: MiniProgramApp;
  webApp?: WechatWebApp;
  /** The official account for web authorisation inside WeChat (WECHAT_MP). */
  mpApp?: WechatWebApp;
  dingtalkApp?: DingtalkApp;
  wecomApp?: WecomApp;
  /** Organisations (corpIds) whose members may bind DingTalk; undefined: any. */
  dingtalkAllowedCorpIds?: readonly string[];
}

export interface Upstreams extends UpstreamSettings {
  /** Set when the in-process sandbox stands in for WeChat and DingTalk. */
  sandboxUrl?: string;
  /**
   * Set with the in-process sandbox: registers mini-program apps in it, so that an app added with
   * `app:add` answers there too (runtime/sandbox-app-sync.ts tells it the store's apps).
   */
  developmentSandbox?: { registerApps(apps: readonly MiniProgramApp[]): void };
  close(): Promise<void>;
}

// Zero-setup app credentials. They exist only inside the sandbox this process starts.
const SANDBOX_APPS = {
  miniprogram: { appId: 'wx0sandbox0miniapp', secret: 'sandbox-miniprogram-secret' },
  mobile: { appId: 'wx0sandbox0mobile0', secret: 'sandbox-mobile-secret' },
  web: { appId: 'wx0sandbox0website', secret: 'sandbox-website-secret' },
  mp: { appId: 'wx0sandbox0officialacct', secret: 'sandbox-official-account-secret' },
  dingtalk: { clientId: 'dingsandbox0client', clientSecret: 'sandbox-dingtalk-secret' },
  wecom: { corpId: 'ww0sandbox0corp', agentId: '1000001', secret: 'sandbox-wecom-agent-secret' },
};

/** The web page that finishes an OAuth binding (the route 03's example redirects to). */
const bindingPage = (config: Config, provider: 'wechat' | 'wechat-mp' | 'dingtalk' | 'wecom') =>
  `${config.publicUrl}${config.webPath}#/account/settings/binding/${provider}`;

/**
 * With WECHAT_API_BASE unset outside production, the sandbox starts in this process and answers
 * for WeChat and DingTalk (API hosts and consent pages alike), with development apps registered
 * in it; apps the configuration names are registered too, so they work against it unchanged.
 */
export async function resolveUpstreams(config: Config, logger: Logger): Promise<Upstreams> {
  const configured = {
    miniprogramApps: config.wechatMiniprogramApps,
    mobileApp: config.wechatMobileApp,
    webApp: config.wechatWebApp,
    mpApp: config.wechatMpApp,
    dingtalkApp: config.dingtalkApp,
    wecomApp: config.wecomApp,
    dingtalkAllowedCorpIds: config.dingtalkAllowedCorpIds,
  };
  if (config.wechatApiBase) {
    return {
      wechatApiBase: config.wechatApiBase,
      dingtalkApiBase: config.dingtalkApiBase ?? 'https://api.dingtalk.com',
      wechatConnectBase: config.wechatConnectBase ?? 'https://open.weixin.qq.com',
      dingtalkLoginBase: config.dingtalkLoginBase ?? 'https://login.dingtalk.com',
      wecomApiBase: config.wecomApiBase ?? 'https://qyapi.weixin.qq.com',
      wecomLoginBase: config.wecomLoginBase ?? 'https://login.work.weixin.qq.com',
      ...configured,
      close: async () => undefined,
    };
  }

  const miniprogramApps =
    configured.miniprogramApps.length > 0 ? configured.miniprogramApps : [SANDBOX_APPS.miniprogram];
  const mobileApp = configured.mobileApp ?? SANDBOX_APPS.mobile;
  const webApp = configured.webApp ?? {
    ...SANDBOX_APPS.web,
    redirectUri: bindingPage(config, 'wechat'),
  };
  const mpApp = configured.mpApp ?? {
    ...SANDBOX_APPS.mp,
    redirectUri: bindingPage(config, 'wechat-mp'),
  };
  const dingtalkApp = configured.dingtalkApp ?? {
    ...SANDBOX_APPS.dingtalk,
    redirectUri: bindingPage(config, 'dingtalk'),
  };
  const wecomApp = configured.wecomApp ?? {
    ...SANDBOX_APPS.wecom,
    redirectUri: bindingPage(config, 'wecom'),
  };
  const sandboxLog = logger.child({ component: 'wechat-sandbox' });
  const options = {
    host: '127.0.0.1',
    apps: {
      wechat: [...miniprogramApps, mobileApp, webApp, mpApp].map(({ appId, secret }) => ({
        appid: appId,
        secret,
      })),
      dingtalk: [{ clientId: dingtalkApp.clientId, clientSecret: dingtalkApp.clientSecret }],
      wecom: [{ corpId: wecomApp.corpId, agentId: wecomApp.agentId, secret: wecomApp.secret }],
    },
    logger: { info: (message: string) => sandboxLog.debug(message) },
  };
  const sandbox = await startSandbox({ ...options, port: config.sandboxPort }).catch((error) => {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    logger.warn({ port: config.sandboxPort }, 'sandbox port in use; the sandbox takes a free one');
    return startSandbox({ ...options, port: 0 });
  });
  return {
    wechatApiBase: sandbox.url,
    dingtalkApiBase: config.dingtalkApiBase ?? sandbox.url,
    wechatConnectBase: config.wechatConnectBase ?? sandbox.url,
    dingtalkLoginBase: config.dingtalkLoginBase ?? sandbox.url,
    wecomApiBase: config.wecomApiBase ?? sandbox.url,
    wecomLoginBase: config.wecomLoginBase ?? sandbox.url,
    miniprogramApps,
    mobileApp,
    webApp,
    mpApp,
    dingtalkApp,
    wecomApp,
    dingtalkAllowedCorpIds: config.dingtalkAllowedCorpIds,
    developmentSandbox: {
      registerApps(apps) {
        for (const { appId, secret } of apps) {
          // Only what is new or changed: re-registering resets the app's sandbox settings.
          if (sandbox.state.wechatApps.find(appId)?.secret === secret) continue;
          sandbox.state.wechatApps.register({ appid: appId, secret });
        }
      },
    },
    sandboxUrl: sandbox.url,
    close: () => sandbox.close(),
  };
}
