/**
 * A stand-in for the `wx` global with the parts the app uses. Behaviour that decides a test
 * (the network, `wx.login`, the user-info calls) comes from handlers; storage, toasts and
 * navigation are kept in memory for assertions. Callbacks run asynchronously, as in WeChat.
 */

export interface RequestCall {
  url: string;
  method: string;
  data: unknown;
  header: Record<string, string>;
  timeout?: number;
}

/** What the network did: an HTTP answer (any status), or a failure WeChat reports through `fail`. */
export type RequestOutcome =
  { statusCode: number; data: unknown; header?: Record<string, string> } | { errMsg: string };

export interface EncryptedUserInfo {
  encryptedData: string;
  iv: string;
}

export interface FakeWxHandlers {
  request(call: RequestCall): Promise<RequestOutcome>;
  /** Resolves to a js_code. */
  login(): Promise<string>;
  /** Both user-info calls (`getUserProfile`, `getUserInfo`); reject to simulate a refusal. */
  userInfo(kind: 'getUserProfile' | 'getUserInfo'): Promise<EncryptedUserInfo>;
}

export interface FakeWxOptions extends Partial<FakeWxHandlers> {
  appId?: string;
  /** False simulates a base library older than 2.10.4, without `wx.getUserProfile`. */
  hasGetUserProfile?: boolean;
  /** Called for every navigation, after it is recorded (the e2e host mounts pages here). */
  onNavigate?(navigation: Navigation): void;
}

export interface Navigation {
  kind: 'navigateTo' | 'redirectTo' | 'reLaunch' | 'navigateBack';
  url?: string;
}

export interface Toast {
  title: string;
  icon?: string;
}

export interface FakeWx {
  /** Install as the `wx` global. */
  wx: WechatMiniprogram.Wx;
  storage: Map<string, unknown>;
  toasts: Toast[];
  navigations: Navigation[];
  requests: RequestCall[];
  /** Calls to wx.login and the user-info calls, in the order the app made them. */
  wechatCalls: string[];
}

export const DEFAULT_APP_ID = 'wxfake0000000001';

type Callbacks<T> = {
  success?: (result: T) => void;
  fail?: (error: { errMsg: string }) => void;
  complete?: () => void;
};

/** Settles WeChat-style callbacks from a promise, in a later microtask like the real client. */
function settle<T>(work: () => Promise<T>, options: Callbacks<T>, api: string): void {
  Promise.resolve()
    .then(work)
    .then(
      (result) => options.success?.(result),
      (error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        options.fail?.({ errMsg: `${api}:fail ${reason}` });
      },
    )
    .finally(() => options.complete?.());
}

const copy = <T>(value: T): T =>
  value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);

const unset = (name: string) => () => Promise.reject(new Error(`no ${name} handler in this test`));

export function createFakeWx(options: FakeWxOptions = {}): FakeWx {
  const appId = options.appId ?? DEFAULT_APP_ID;
  const handlers: FakeWxHandlers = {
    request: options.request ?? unset('request'),
    login: options.login ?? unset('login'),
    userInfo: options.userInfo ?? unset('userInfo'),
  };
  const fake: Omit<FakeWx, 'wx'> = {
    storage: new Map(),
    toasts: [],
    navigations: [],
    requests: [],
    wechatCalls: [],
  };
  const navigate =
    (kind: Navigation['kind']) =>
    (args: { url?: string } = {}) => {
      const navigation = { kind, url: args.url };
      fake.navigations.push(navigation);
      options.onNavigate?.(navigation);
    };
  const userInfoCall =
    (kind: 'getUserProfile' | 'getUserInfo') =>
    (args: Callbacks<EncryptedUserInfo & { errMsg: string }>) => {
      fake.wechatCalls.push(kind);
      settle(
        async () => ({ ...(await handlers.userInfo(kind)), errMsg: `${kind}:ok` }),
        args,
        kind,
      );
    };

  const wx = {
    getAccountInfoSync: () => ({
      miniProgram: { appId, envVersion: 'develop', version: '' },
      plugin: {},
    }),
    canIUse: (schema: string) => schema !== 'getUserProfile' || options.hasGetUserProfile !== false,
    login(args: Callbacks<{ code: string; errMsg: string }>) {
      fake.wechatCalls.push('login');
      settle(async () => ({ code: await handlers.login(), errMsg: 'login:ok' }), args, 'login');
    },
    getUserProfile: userInfoCall('getUserProfile'),
    getUserInfo: userInfoCall('getUserInfo'),
    request(args: RequestCall & Callbacks<{ statusCode: number; data: unknown; header: object }>) {
      const call: RequestCall = {
        url: args.url,
        method: args.method ?? 'GET',
        data: copy(args.data),
        header: { ...args.header },
        timeout: args.timeout,
      };
      fake.requests.push(call);
      Promise.resolve()
        .then(() => handlers.request(call))
        .then((outcome) => {
          if ('errMsg' in outcome) args.fail?.({ errMsg: outcome.errMsg });
          else args.success?.({ ...outcome, header: outcome.header ?? {} });
          args.complete?.();
        });
    },
    setStorageSync(key: string, value: unknown) {
      // WeChat stores a serialised copy: later changes to `value` do not leak into storage.
      fake.storage.set(key, copy(value));
    },
    getStorageSync(key: string) {
      return fake.storage.has(key) ? copy(fake.storage.get(key)) : '';
    },
    removeStorageSync(key: string) {
      fake.storage.delete(key);
    },
    showToast(args: Toast) {
      fake.toasts.push({ title: args.title, icon: args.icon });
    },
    navigateTo: navigate('navigateTo'),
    redirectTo: navigate('redirectTo'),
    reLaunch: navigate('reLaunch'),
    navigateBack: navigate('navigateBack'),
  };
  return { ...fake, wx: wx as unknown as WechatMiniprogram.Wx };
}

/** An `/accounts/*` envelope as the server sends it, for scripted replies. */
export const ok = (data: unknown): RequestOutcome => ({
  statusCode: 200,
  data: { data, status: { code: 200, message: 'Ok all right.' }, success: true },
});

export const refused = (
  code: number,
  message: string,
  header?: Record<string, string>,
): RequestOutcome => ({
  statusCode: code,
  data: { status: { code, message }, success: false },
  header,
});
