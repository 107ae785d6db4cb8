import type { SandboxControl } from '@wechat-bind/wechat-sandbox';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { EncryptedUserInfo, RequestCall, RequestOutcome, UploadCall } from './fake-wx';
import { ANONYMOUS_USER_INFO } from './fake-wx';

/**
 * The phone side of the end-to-end test: `wx.login` and the user-info calls answered by the
 * sandbox's control API for one WeChat user (what WeChat's client would get from WeChat), and
 * `wx.request` as real HTTP. As WeChat does today, the profile it encrypts is the anonymous one
 * ("微信用户", a grey avatar), whatever name and picture the user has in WeChat.
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
        const { nickName, avatarUrl, gender } = ANONYMOUS_USER_INFO;
        const minted = await control.mintEncryptedData({
          appid,
          user,
          overrides: { nickName, avatarUrl, gender },
        });
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

const IMAGE_TYPES: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg' };

/**
 * `wx.uploadFile` over real HTTP: the file at `filePath` as the multipart field `name`, answered
 * the way WeChat's client answers the app (the body as text).
 */
export async function httpUpload(call: UploadCall): Promise<RequestOutcome> {
  try {
    const bytes = await fs.readFile(call.filePath);
    const type = IMAGE_TYPES[path.extname(call.filePath)] ?? 'application/octet-stream';
    const form = new FormData();
    form.append(call.name, new Blob([bytes], { type }), path.basename(call.filePath));
    const response = await fetch(call.url, {
      method: 'POST',
      headers: call.header,
      body: form,
      signal: AbortSignal.timeout(call.timeout ?? 60_000),
    });
    return { statusCode: response.status, data: await response.text() };
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    return { errMsg: `uploadFile:fail ${timedOut ? 'timeout' : String(error)}` };
  }
}
