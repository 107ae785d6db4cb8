import type { OAuthBindingType } from '@wechat-bind/dto';
import { ApiError } from './api-error';
import type { Messages } from './messages';
import { EN, providerName } from './messages';
import type { Provider } from './providers';

/** What the page tells the user about a failure. */
export interface ErrorDescription {
  /** A sentence in plain words: what happened and what to do. */
  text: string;
  /** The server's own words and status, for a support request; absent when there were none. */
  detail?: string;
  /** The token or session was refused: the user has to sign in again. */
  signIn: boolean;
  /** Whether the failure was recognised (false: the generic wording for its status was used). */
  known: boolean;
}

/** The server's messages name the provider in Chinese; the page names it in its language. */
const CHINESE_LABELS: Record<string, OAuthBindingType> = {
  企业微信: 'WECOM',
  微信: 'WECHAT',
  钉钉: 'DING_TALK',
};
// 企业微信 first: it contains 微信.
const LABEL_IN_MESSAGE = /企业微信|微信|钉钉/;

/** "in 30 seconds", "in 2 minutes", or "later" when the server did not say. */
export function waitWords(seconds: number | undefined, messages: Messages = EN): string {
  const words = messages.errors;
  if (seconds === undefined) return words.later;
  if (seconds < 90) return words.inSeconds(Math.max(1, seconds));
  return words.inMinutes(Math.ceil(seconds / 60));
}

export interface DescribeOptions {
  /** Signed in with a token (its refusal is worded as such) rather than a session. */
  token?: boolean;
}

/**
 * Words for any failure of an API call about `provider` (when there is one), in the page's
 * language. Unknown messages keep the generic wording of their status, with the server's own
 * message as the detail.
 */
export function describeError(
  error: unknown,
  provider?: Provider,
  messages: Messages = EN,
  { token = true }: DescribeOptions = {},
): ErrorDescription {
  const words = messages.errors;
  if (!(error instanceof ApiError)) return { text: words.pageBroken, signIn: false, known: false };
  if (error.kind === 'network') return { text: words.network, signIn: false, known: true };
  const detail =
    error.msg === undefined
      ? words.detailStatus(error.status ?? 0)
      : words.detail(error.msg, error.status ?? 0);
  if (error.kind === 'unexpected') {
    return { text: words.unexpected, detail, signIn: false, known: true };
  }
  if (error.status === 401) {
    return {
      text: token ? words.tokenRefused : words.sessionEnded,
      detail,
      signIn: true,
      known: true,
    };
  }
  if (error.fields) {
    const problems = Object.values(error.fields).flat().join(' ');
    return { text: words.invalid(problems), detail, signIn: false, known: true };
  }

  const named = error.msg?.match(LABEL_IN_MESSAGE)?.[0];
  const type = named ? CHINESE_LABELS[named]! : provider?.type;
  const label = type ? providerName(messages, type) : messages === EN ? 'the provider' : '第三方';
  const template = error.msg?.replace(LABEL_IN_MESSAGE, '{label}');
  const known = words.byMessage[template ?? ''];
  if (known) {
    const text = known({
      label,
      bind: type ? messages.bind(label) : messages.bind('').trim(),
      wait: waitWords(error.retryAfterSeconds, messages),
    });
    return { text, detail, signIn: false, known: true };
  }
  const generic = (error.status ?? 500) >= 500 ? words.generic5xx : words.generic4xx;
  return { text: generic, detail, signIn: false, known: false };
}
