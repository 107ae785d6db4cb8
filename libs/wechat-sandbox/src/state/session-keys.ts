/**
 * The current session_key of each (appid, openid): what /wxa/checksession compares a signature
 * against, and what mintEncryptedData encrypts with by default. A new js_code starts a new one,
 * as wx.login does.
 */
export class SessionKeys {
  private readonly keys = new Map<string, string>();

  set(appid: string, openid: string, sessionKey: string): void {
    this.keys.set(`${appid}\u0000${openid}`, sessionKey);
  }

  get(appid: string, openid: string): string | undefined {
    return this.keys.get(`${appid}\u0000${openid}`);
  }

  clear(): void {
    this.keys.clear();
  }
}
