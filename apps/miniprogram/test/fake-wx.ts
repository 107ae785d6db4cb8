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

/** A `wx.uploadFile` call as the app made it. */
export interface UploadCall {
  url: string;
  filePath: string;
  name: string;
  header: Record<string, string>;
  timeout?: number;
}

/**
 * What WeChat hands every app today from `getUserProfile` / `getUserInfo` (since base library
 * 2.27.1): the same anonymous name and grey avatar for everyone, whatever the user's real profile.
 */
export const ANONYMOUS_USER_INFO = {
  nickName: '微信用户',
  avatarUrl:
    'https://thirdwx.qlogo.cn/mmopen/vi_32/POgEwh4mIHO4nibH0KlMECNjjGxQUq24ZEaGT4poC6icRiccVGKSyXwibcPq4BWmiaIGuG1icwxaQX6grC9VemZoJ8rg/132',
  gender: 0,
  country: '',
  province: '',
  city: '',
  language: '',
};

/**
 * The user's standing with the app's privacy guide: agreed already, not yet (the first call that
 * touches personal data fires `wx.onNeedPrivacyAuthorization`), or the data is not declared in the
 * guide at all (every such call fails with errno 112).
 */
export type PrivacyState = 'agreed' | 'ask' | 'undeclared';

/** What the app passed to the privacy listener's `resolve`. */
export interface PrivacyAnswer {
  event: string;
  buttonId?: string;
}

/** A WeChat failure as the callbacks report it. */
export interface WechatFailureDetail {
  errMsg: string;
  errno?: number;
}

export interface FakeWxHandlers {
  request(call: RequestCall): Promise<RequestOutcome>;
  /** Resolves to a js_code. */
  login(): Promise<string>;
  /** Both user-info calls (`getUserProfile`, `getUserInfo`); reject to simulate a refusal. */
  userInfo(kind: 'getUserProfile' | 'getUserInfo'): Promise<EncryptedUserInfo>;
  /** `wx.uploadFile`: an HTTP answer (its `data` is sent on as text) or a failure. */
  upload(call: UploadCall): Promise<RequestOutcome>;
}

export interface FakeWxOptions extends Partial<FakeWxHandlers> {
  appId?: string;
  /** False simulates a base library older than 2.10.4, without `wx.getUserProfile`. */
  hasGetUserProfile?: boolean;
  /** Called for every navigation, after it is recorded (the e2e host mounts pages here). */
  onNavigate?(navigation: Navigation): void;
  /** The privacy guide's standing; default `agreed`. */
  privacy?: PrivacyState;
  /** False simulates a base library without `<input type="nickname">`'s review event. */
  hasNicknameReview?: boolean;
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
  uploads: UploadCall[];
  /** Every answer the app gave the privacy listener. */
  privacyAnswers: PrivacyAnswer[];
  /** Whether the user has agreed to the privacy guide (by the app's sheet or before). */
  privacyAgreed(): boolean;
  /**
   * What WeChat does before a privacy-gated component (`button.getPhoneNumber`,
   * `button.chooseAvatar`, `input.nickname`) acts: undefined when it may go on, else the failure
   * its event carries. Await it, then dispatch the component's event.
   */
  privacyGate(referrer: string): Promise<WechatFailureDetail | undefined>;
}

export const DEFAULT_APP_ID = 'wxfake0000000001';

type Callbacks<T> = {
  success?: (result: T) => void;
  fail?: (error: WechatFailureDetail) => void;
  complete?: () => void;
};

/** A failure with WeChat's errno, as the privacy checks report them. */
class WechatError extends Error {
  constructor(
    message: string,
    readonly errno: number,
  ) {
    super(message);
  }
}

/** The failures of WeChat's privacy checks (developers.weixin.qq.com, privacy guide). */
const privacyDeclined = () => new WechatError('privacy permission is not authorized', 104);
const privacyUndeclared = () =>
  new WechatError('api scope is not declared in the privacy agreement', 112);

/** Settles WeChat-style callbacks from a promise, in a later microtask like the real client. */
function settle<T>(work: () => Promise<T>, options: Callbacks<T>, api: string): void {
  Promise.resolve()
    .then(work)
    .then(
      (result) => options.success?.(result),
      (error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        const errno = error instanceof WechatError ? { errno: error.errno } : {};
        options.fail?.({ errMsg: `${api}:fail ${reason}`, ...errno });
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
    upload: options.upload ?? unset('upload'),
  };
  let privacy: PrivacyState = options.privacy ?? 'agreed';
  let privacyListener:
    ((resolve: (answer: PrivacyAnswer) => void, info: { referrer: string }) => void) | undefined;

  /**
   * WeChat's privacy check before a call or component that touches personal data: without
   * agreement it holds the call and asks the app's listener (or, with none, shows its own sheet,
   * taken here as agreed), then goes on or fails as the app answers.
   */
  const checkPrivacy = (referrer: string): Promise<void> => {
    if (privacy === 'undeclared') return Promise.reject(privacyUndeclared());
    if (privacy === 'agreed' || !privacyListener) return Promise.resolve();
    const listener = privacyListener;
    return new Promise((resolve, reject) => {
      listener(
        (answer) => {
          fake.privacyAnswers.push({ ...answer });
          if (answer.event === 'agree' && answer.buttonId) {
            privacy = 'agreed';
            resolve();
          } else if (answer.event === 'disagree' || answer.event === 'agree') {
            // An agree without the button's id is refused, as WeChat checks the tap.
            reject(privacyDeclined());
          }
        },
        { referrer },
      );
    });
  };

  const fake: Omit<FakeWx, 'wx'> = {
    storage: new Map(),
    toasts: [],
    navigations: [],
    requests: [],
    wechatCalls: [],
    uploads: [],
    privacyAnswers: [],
    privacyAgreed: () => privacy === 'agreed',
    privacyGate: (referrer) =>
      checkPrivacy(referrer).then(
        () => undefined,
        (error: WechatError) => ({
          errMsg: `${referrer.split('.').pop()}:fail ${error.message}`,
          errno: error.errno,
        }),
      ),
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
        async () => {
          await checkPrivacy(kind);
          return {
            ...(await handlers.userInfo(kind)),
            userInfo: { ...ANONYMOUS_USER_INFO },
            errMsg: `${kind}:ok`,
          };
        },
        args,
        kind,
      );
    };

  const wx = {
    getAccountInfoSync: () => ({
      miniProgram: { appId, envVersion: 'develop', version: '' },
      plugin: {},
    }),
    canIUse: (schema: string) => {
      if (schema === 'getUserProfile') return options.hasGetUserProfile !== false;
      if (schema === 'input.bindnicknamereview') return options.hasNicknameReview !== false;
      return true;
    },
    onNeedPrivacyAuthorization(listener: typeof privacyListener) {
      // WeChat keeps the last listener only.
      privacyListener = listener;
    },
    openPrivacyContract(args: Callbacks<{ errMsg: string }> = {}) {
      fake.wechatCalls.push('openPrivacyContract');
      settle(async () => ({ errMsg: 'openPrivacyContract:ok' }), args, 'openPrivacyContract');
    },
    uploadFile(args: UploadCall & Callbacks<{ statusCode: number; data: string }>) {
      const call: UploadCall = {
        url: args.url,
        filePath: args.filePath,
        name: args.name,
        header: { ...args.header },
        timeout: args.timeout,
      };
      fake.uploads.push(call);
      Promise.resolve()
        .then(() => handlers.upload(call))
        .then((outcome) => {
          if ('errMsg' in outcome) args.fail?.({ errMsg: outcome.errMsg });
          else {
            const data =
              typeof outcome.data === 'string' ? outcome.data : JSON.stringify(outcome.data);
            args.success?.({ statusCode: outcome.statusCode, data });
          }
          args.complete?.();
        });
    },
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
