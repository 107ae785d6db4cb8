import type { RequestCall, RequestOutcome } from './fake-wx';

/**
 * Scripted replies for page tests: one handler per path, called with the request. A handler may
 * return a promise (see {@link deferred}) to hold the reply while the test looks at the page.
 */
export type Reply = RequestOutcome | Promise<RequestOutcome>;

export function scriptedServer(routes: Record<string, (call: RequestCall) => Reply>) {
  return {
    request(call: RequestCall): Promise<RequestOutcome> {
      const path = new URL(call.url).pathname;
      const handler = routes[path];
      if (!handler) return Promise.reject(new Error(`no reply scripted for ${path}`));
      return Promise.resolve(handler(call));
    },
  };
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

/** What `wxa_bind_mobile` and a bound `wxa_authorize` return, with a few fields to override. */
export function sessionData(overrides: Record<string, unknown> = {}) {
  return {
    avatar: 'https://thirdwx.qlogo.cn/avatar/132',
    created_at: 1700000000,
    expiration: 2592000,
    mobile: '13800138000',
    openid: 'o-openid-1',
    token: 'token-1',
    uid: '42',
    username: '小明',
    ...overrides,
  };
}

export function identityData(overrides: Record<string, unknown> = {}) {
  return {
    openid: 'o-openid-1',
    unionid: 'u-unionid-1',
    nickname: '小明',
    avatar: 'https://thirdwx.qlogo.cn/avatar/132',
    gender: 0,
    bound: false,
    is_bind: false,
    session_token: 'session-token-1',
    ...overrides,
  };
}
