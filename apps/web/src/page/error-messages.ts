import { ApiError } from './api-error';
import type { Provider } from './providers';
import { PROVIDERS } from './providers';

/** What the page tells the user about a failure. */
export interface ErrorDescription {
  /** A sentence in plain words: what happened and what to do. */
  text: string;
  /** The server's own words and status, for a support request; absent when there were none. */
  detail?: string;
  /** The token was refused: the user has to sign in again. */
  signIn: boolean;
  /** Whether the failure was recognised (false: the generic wording for its status was used). */
  known: boolean;
}

/** The server's messages name the provider in Chinese; the page names it in English. */
const CHINESE_LABELS: Record<string, string> = {
  企业微信: 'WeCom',
  微信: 'WeChat',
  钉钉: 'DingTalk',
};
// 企业微信 first: it contains 微信.
const LABEL_IN_MESSAGE = /企业微信|微信|钉钉/;

const reloadPage = 'Reload the page and try again: it may be out of date.';

/**
 * Every `msg` the administrator API sends (docs/administrator-api.md, "Errors"), with the
 * provider's name replaced by `{label}`. `bind` is the button that starts a binding again.
 */
const MESSAGES: Record<string, (words: { label: string; bind: string; wait: string }) => string> = {
  'state 无效或已过期，请重新发起绑定': ({ bind }) =>
    `This binding attempt has expired or was already used. Press “${bind}” to start again.`,
  '{label}授权码无效或已过期，请重新授权': ({ label, bind }) =>
    `${label} did not confirm the sign-in: its authorization expired or was already used. Press “${bind}” to try again.`,
  该第三方账号已绑定其他用户: ({ label }) =>
    `This ${label} account is already bound to another user. Unbind it there first, or choose another ${label} account.`,
  '当前用户已绑定其他{label}账号，请先解除绑定': ({ label }) =>
    `Another ${label} account is already bound to you. Unbind it first, then bind the new one.`,
  '该{label}账号所在的组织不允许绑定本服务': ({ label }) =>
    `This ${label} account belongs to an organisation that may not bind to this service. Choose an account of an allowed organisation.`,
  '该{label}账号已被限制登录': ({ label }) =>
    `${label} restricts sign-in for this account, so it cannot be bound.`,
  '操作过于频繁，请稍后再试': ({ wait }) => `Too many attempts. Try again ${wait}.`,
  '{label}拒绝了本服务的应用凭据，请联系管理员检查配置': ({ label }) =>
    `${label} refused this server’s app credentials. Ask the administrator to check the configuration.`,
  '{label}应用缺少读取用户个人信息的权限，请联系管理员': ({ label }) =>
    `The ${label} app is not allowed to read your profile. Ask the administrator to grant it that permission.`,
  '{label}服务暂不可用，请稍后重试': ({ label }) =>
    `${label} is not answering right now. Try again in a moment.`,
  '{label}接口调用过于频繁，请稍后重试': ({ label }) =>
    `${label} is limiting this server’s calls right now. Try again later.`,
  '本服务未配置{label}登录': ({ label }) =>
    `Binding ${label} is not set up on this server. Ask the administrator.`,
  '服务暂不可用，请稍后重试': () => 'The service is briefly unavailable. Try again shortly.',
  请求的资源不存在: () => `The server does not offer this. ${reloadPage}`,
  请求方法不允许: () => `The server refused this kind of request. ${reloadPage}`,
  请求方法不支持: () => `The server refused this kind of request. ${reloadPage}`,
  请求数据格式错误: () => `The server could not read the request. ${reloadPage}`,
  请求数据格式不支持: () => `The server could not read the request. ${reloadPage}`,
  请求数据过大: () => `The request was too large for the server. ${reloadPage}`,
  服务器内部错误: () =>
    'The server failed unexpectedly. Try again; if it keeps failing, tell the administrator.',
};

const SIGN_IN_AGAIN =
  'Your access token was not accepted: it may be mistyped, revoked or expired. Sign in with a valid token.';

/** "in 30 seconds", "in 2 minutes", or "later" when the server did not say. */
export function waitWords(seconds: number | undefined): string {
  if (seconds === undefined) return 'later';
  if (seconds < 90) return `in ${Math.max(1, seconds)} second${seconds === 1 ? '' : 's'}`;
  return `in ${Math.ceil(seconds / 60)} minutes`;
}

/**
 * Words for any failure of an API call about `provider` (when there is one). Unknown messages
 * keep the generic wording of their status, with the server's own message as the detail.
 */
export function describeError(error: unknown, provider?: Provider): ErrorDescription {
  if (!(error instanceof ApiError)) {
    return {
      text: 'Something went wrong in this page. Reload it and try again.',
      signIn: false,
      known: false,
    };
  }
  if (error.kind === 'network') {
    return {
      text: 'Cannot reach the server. Check your connection and try again.',
      signIn: false,
      known: true,
    };
  }
  const detail =
    error.msg === undefined
      ? `HTTP ${error.status}`
      : `Server said: ${error.msg} (HTTP ${error.status})`;
  if (error.kind === 'unexpected') {
    return {
      text: 'The server sent a reply this page does not understand. Try again later.',
      detail,
      signIn: false,
      known: true,
    };
  }
  if (error.status === 401) return { text: SIGN_IN_AGAIN, detail, signIn: true, known: true };
  if (error.fields) {
    const problems = Object.values(error.fields).flat().join(' ');
    return {
      text: `The server refused the request as invalid: ${problems} ${reloadPage}`,
      detail,
      signIn: false,
      known: true,
    };
  }

  const named = error.msg?.match(LABEL_IN_MESSAGE)?.[0];
  const label = named ? CHINESE_LABELS[named]! : (provider?.label ?? 'the provider');
  const bindProvider = PROVIDERS.find((candidate) => candidate.label === label) ?? provider;
  const template = error.msg?.replace(LABEL_IN_MESSAGE, '{label}');
  const words = MESSAGES[template ?? ''];
  if (words) {
    const text = words({
      label,
      bind: bindProvider ? `Bind ${bindProvider.label}` : 'Bind',
      wait: waitWords(error.retryAfterSeconds),
    });
    return { text, detail, signIn: false, known: true };
  }
  const generic =
    (error.status ?? 500) >= 500
      ? 'The server could not complete the request. Try again later.'
      : 'The server refused the request.';
  return { text: generic, detail, signIn: false, known: false };
}
