import type { Endpoint } from '../endpoints';
import type {
  AliyunSmsAccount,
  AliyunSmsAccountInput,
  TencentSmsAccount,
  TencentSmsAccountInput,
} from '../state/sms-accounts';
import type { SentSms } from '../state/sms-outbox';
import type {
  CallCounts,
  ConfigInput,
  DingtalkApp,
  DingtalkAppInput,
  DingtalkUser,
  DingtalkUserInput,
  Fault,
  FaultInput,
  MintDingtalkAuthCodeInput,
  MintDingtalkAuthCodeResult,
  MintEncryptedDataInput,
  MintEncryptedDataResult,
  MintJsCodeInput,
  MintJsCodeResult,
  MintOauthCodeInput,
  MintOauthCodeResult,
  MintPhoneCodeInput,
  MintPhoneCodeResult,
  MintUserAccessTokenInput,
  MintUserAccessTokenResult,
  MintWecomCodeInput,
  MintWecomCodeResult,
  SandboxConfig,
  WechatApp,
  WechatAppInput,
  WechatUser,
  WechatUserInput,
  WecomApp,
  WecomAppInput,
  WecomUser,
  WecomUserInput,
} from './types';

/** A control call the sandbox refused (`{ error }` with a 4xx status). */
export class SandboxControlError extends Error {
  override readonly name = 'SandboxControlError';

  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export type SandboxControl = ReturnType<typeof createSandboxControl>;

/**
 * A typed client for the control API, one method per endpoint, over the built-in fetch. For
 * tests, the demo and the benchmark; the server itself never uses it.
 */
export function createSandboxControl(baseUrl: string) {
  const root = `${baseUrl.replace(/\/+$/, '')}/__control`;

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${root}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) {
      const message = safeJson<{ error?: string }>(text)?.error ?? text;
      throw new SandboxControlError(response.status, `${method} ${path}: ${message}`);
    }
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  return {
    registerWechatApp: (input: WechatAppInput) => call<WechatApp>('POST', '/wechat/apps', input),
    listWechatApps: () => call<{ apps: WechatApp[] }>('GET', '/wechat/apps'),
    /** The app joins (true) or leaves (false) an Open Platform account; see WechatApps. */
    setOpenPlatform: (appid: string, openPlatform: boolean) =>
      call<WechatApp>('POST', `/wechat/apps/${encodeURIComponent(appid)}/open-platform`, {
        openPlatform,
      }),
    registerDingtalkApp: (input: DingtalkAppInput) =>
      call<DingtalkApp>('POST', '/dingtalk/apps', input),
    listDingtalkApps: () => call<{ apps: DingtalkApp[] }>('GET', '/dingtalk/apps'),
    registerWecomApp: (input: WecomAppInput) => call<WecomApp>('POST', '/wecom/apps', input),
    listWecomApps: () => call<{ apps: WecomApp[] }>('GET', '/wecom/apps'),

    registerWechatUser: (input: WechatUserInput) =>
      call<WechatUser>('POST', '/wechat/users', input),
    listWechatUsers: () => call<{ users: WechatUser[] }>('GET', '/wechat/users'),
    registerDingtalkUser: (input: DingtalkUserInput) =>
      call<DingtalkUser>('POST', '/dingtalk/users', input),
    listDingtalkUsers: () => call<{ users: DingtalkUser[] }>('GET', '/dingtalk/users'),
    registerWecomUser: (input: WecomUserInput) => call<WecomUser>('POST', '/wecom/users', input),
    listWecomUsers: () => call<{ users: WecomUser[] }>('GET', '/wecom/users'),

    mintJsCode: (input: MintJsCodeInput) =>
      call<MintJsCodeResult>('POST', '/wechat/js-code', input),
    mintEncryptedData: (input: MintEncryptedDataInput) =>
      call<MintEncryptedDataResult>('POST', '/wechat/encrypted-data', input),
    mintOauthCode: (input: MintOauthCodeInput) =>
      call<MintOauthCodeResult>('POST', '/wechat/oauth-code', input),
    mintUserAccessToken: (input: MintUserAccessTokenInput) =>
      call<MintUserAccessTokenResult>('POST', '/wechat/user-access-token', input),
    mintPhoneCode: (input: MintPhoneCodeInput) =>
      call<MintPhoneCodeResult>('POST', '/wechat/phone-code', input),
    mintDingtalkAuthCode: (input: MintDingtalkAuthCodeInput) =>
      call<MintDingtalkAuthCodeResult>('POST', '/dingtalk/auth-code', input),
    mintWecomCode: (input: MintWecomCodeInput) =>
      call<MintWecomCodeResult>('POST', '/wecom/code', input),

    addFault: (input: FaultInput) => call<Fault>('POST', '/faults', input),
    listFaults: () => call<{ faults: Fault[] }>('GET', '/faults'),
    clearFaults: (endpoint?: Endpoint) =>
      call<void>(
        'DELETE',
        endpoint === undefined ? '/faults' : `/faults?endpoint=${encodeURIComponent(endpoint)}`,
      ),

    registerTencentSmsAccount: (input: TencentSmsAccountInput) =>
      call<TencentSmsAccount>('POST', '/sms/tencent/accounts', input),
    registerAliyunSmsAccount: (input: AliyunSmsAccountInput) =>
      call<AliyunSmsAccount>('POST', '/sms/aliyun/accounts', input),
    /** The text messages the SMS stand-ins accepted, oldest first. */
    listSmsMessages: (provider?: SentSms['provider']) =>
      call<{ messages: SentSms[] }>(
        'GET',
        provider === undefined ? '/sms/messages' : `/sms/messages?provider=${provider}`,
      ),
    clearSmsMessages: () => call<void>('DELETE', '/sms/messages'),

    getCalls: () => call<CallCounts>('GET', '/calls'),
    resetCalls: () => call<void>('DELETE', '/calls'),

    getConfig: () => call<SandboxConfig>('GET', '/config'),
    setConfig: (input: ConfigInput) => call<SandboxConfig>('POST', '/config', input),

    reset: () => call<void>('POST', '/reset'),
  };
}

function safeJson<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}
