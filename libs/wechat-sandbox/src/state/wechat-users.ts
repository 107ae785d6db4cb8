import type { WechatUser, WechatUserInput } from '../control/types';
import { newOpenid, newUnionid } from './ids';
import { SandboxInputError } from './input-error';

/**
 * WeChat accounts. As in WeChat, one person has one unionid and a different openid in every app;
 * any user may sign in to any app, so an openid is generated the first time a user meets an app.
 */
export class WechatUsers {
  private readonly byUnionid = new Map<string, WechatUser>();
  // appid + openid → unionid, and openid alone → unionid (for control calls that name a user by
  // any openid), so lookups stay O(1) under benchmark load.
  private readonly byOpenid = new Map<string, string>();
  private readonly byAnyOpenid = new Map<string, string>();

  register(input: WechatUserInput): WechatUser {
    const unionid = input.unionid ?? newUnionid();
    if (this.byUnionid.has(unionid)) {
      throw new SandboxInputError(409, `a WeChat user with unionid ${unionid} already exists`);
    }
    for (const [appid, openid] of Object.entries(input.openids ?? {})) {
      if (this.byOpenid.has(key(appid, openid))) {
        throw new SandboxInputError(409, `openid ${openid} is already taken in app ${appid}`);
      }
    }
    const user: WechatUser = {
      unionid,
      phone: input.phone,
      countryCode: input.countryCode ?? '86',
      nickname: input.nickname,
      avatar: input.avatar,
      gender: input.gender ?? 0,
      city: input.city ?? 'Shenzhen',
      province: input.province ?? 'Guangdong',
      country: input.country ?? 'China',
      language: input.language ?? 'zh_CN',
      openids: {},
      risky: input.risky ?? false,
    };
    this.byUnionid.set(unionid, user);
    for (const [appid, openid] of Object.entries(input.openids ?? {})) {
      this.link(user, appid, openid);
    }
    return user;
  }

  /** By unionid, or by an openid in any app. */
  find(ref: string): WechatUser | undefined {
    const unionid = this.byUnionid.has(ref) ? ref : this.byAnyOpenid.get(ref);
    return unionid === undefined ? undefined : this.byUnionid.get(unionid);
  }

  get(ref: string): WechatUser {
    const user = this.find(ref);
    if (!user) throw new SandboxInputError(404, `no WeChat user ${ref} is registered`);
    return user;
  }

  findByOpenid(appid: string, openid: string): WechatUser | undefined {
    const unionid = this.byOpenid.get(key(appid, openid));
    return unionid === undefined ? undefined : this.byUnionid.get(unionid);
  }

  /** The user's openid in `appid`, created on first use. */
  openidFor(user: WechatUser, appid: string): string {
    return user.openids[appid] ?? this.link(user, appid, newOpenid());
  }

  list(): WechatUser[] {
    return [...this.byUnionid.values()];
  }

  clear(): void {
    this.byUnionid.clear();
    this.byOpenid.clear();
    this.byAnyOpenid.clear();
  }

  private link(user: WechatUser, appid: string, openid: string): string {
    user.openids[appid] = openid;
    this.byOpenid.set(key(appid, openid), user.unionid);
    this.byAnyOpenid.set(openid, user.unionid);
    return openid;
  }
}

function key(appid: string, openid: string): string {
  return `${appid}\u0000${openid}`;
}
