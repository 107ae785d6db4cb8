import type { SandboxControl } from '@wechat-bind/wechat-sandbox';
import type { EncryptedUserInfo, RequestCall, RequestOutcome } from './fake-wx';

/**
 * The phone side of the end-to-end test: `wx.login` and the user-info calls answered by the
 * sandbox's control API for one WeChat user (what WeChat's client would get from WeChat), and
 * `wx.request` as real HTTP.
 */
export function sandboxWechat(control: SandboxControl, appid: string, user: string) {
  // WeChat's client runs these one after another in the order the app calls them; so must the
  // stand-in, because each js_code starts a new session key and the profile uses the latest one.
  let queue: Promise<unknown> = Promise.resolve();
  const inOrder = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run;
  };
  return {
    login: () => inOrder(async () => (await control.mintJsCode({ appid, user })).js_code),
    userInfo: (): Promise<EncryptedUserInfo> =>
      inOrder(async () => {
        const minted = await control.mintEncryptedData({ appid, user });
        return { encryptedData: minted.encrypted_data, iv: minted.iv };
      }),
  };
}

/** `wx.request` over real HTTP, answered the way WeChat's client answers the app. */
export async function httpRequest(call: RequestCall): Promise<RequestOutcome> {
  const url = new URL(call.url);
  const method = call.method.toUpperCase();
  let body: string | undefined;
  if (method === 'GET') {
    for (const [key, value] of Object.entries((call.data ?? {}) as Record<string, unknown>)) {
      url.searchParams.set(key, String(value));
    }
  } else if (call.data !== undefined) {
    body = typeof call.data === 'string' ? call.data : JSON.stringify(call.data);
  }
  try {
    const response = await fetch(url, {
      method,
      headers: call.header,
      body,
      signal: AbortSignal.timeout(call.timeout ?? 60_000),
    });
    const text = await response.text();
    let data: unknown = text;
    try {
      // dataType 'json': WeChat parses the body when it can and hands over the text otherwise.
      data = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { statusCode: response.status, data, header: Object.fromEntries(response.headers) };
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    return { errMsg: `request:fail ${timedOut ? 'timeout' : String(error)}` };
  }
}
