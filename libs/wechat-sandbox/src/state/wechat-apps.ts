import type { WechatApp, WechatAppInput } from '../control/types';
import { newToken } from './ids';
import { SandboxInputError } from './input-error';

/** Mini-programs, website apps and mobile apps alike: WeChat checks them all by appid + secret. */
export class WechatApps {
  private readonly apps = new Map<string, WechatApp>();

  register(input: WechatAppInput): WechatApp {
    const app: WechatApp = {
      appid: input.appid,
      secret: input.secret ?? newToken().slice(0, 32),
      name: input.name ?? input.appid,
      openPlatform: input.openPlatform ?? true,
    };
    // Re-registering replaces the app, so a test can rotate a secret.
    this.apps.set(app.appid, app);
    return app;
  }

  /**
   * The app joins (or leaves) an Open Platform account, keeping its secret, its tokens and the
   * openids its users already have: from now on jscode2session, oauth2/access_token, sns/userinfo
   * and minted encrypted data show (or hide) the unionid, as WeChat does for an app attached to
   * an Open Platform account after its users first signed in.
   */
  setOpenPlatform(appid: string, openPlatform: boolean): WechatApp {
    const app = { ...this.get(appid), openPlatform };
    this.apps.set(appid, app);
    return app;
  }

  find(appid: string): WechatApp | undefined {
    return this.apps.get(appid);
  }

  /** For control calls: an unknown app is the caller's mistake, reported as 404. */
  get(appid: string): WechatApp {
    const app = this.apps.get(appid);
    if (!app) throw new SandboxInputError(404, `no WeChat app ${appid} is registered`);
    return app;
  }

  list(): WechatApp[] {
    return [...this.apps.values()];
  }

  clear(): void {
    this.apps.clear();
  }
}
