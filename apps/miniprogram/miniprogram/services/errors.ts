import { plainWords } from './plain-words';

/**
 * What can go wrong in a call, as the pages need it: a message a user can read, and the few
 * facts a page acts on (the server's status, how long to wait).
 */

/** Messages for failures that never reached the server or got no readable answer from it. */
export const CLIENT_MESSAGES = {
  timeout: '网络超时，请稍后重试',
  network: '网络连接失败，请检查网络后重试',
  badReply: '服务暂时不可用，请稍后重试',
  unknown: '出错了，请稍后重试',
  loginFailed: '微信登录失败，请稍后重试',
  profileDenied: '需要你同意授权才能登录',
  /** The user declined the app's privacy sheet (`privacy permission is not authorized`). */
  privacyDeclined: '需要你同意《隐私保护指引》才能继续',
  /** errno 112: the feature's data is not declared in the app's privacy guide (an operator's slip). */
  privacyUndeclared: '该功能暂时无法使用，请稍后再试或联系客服',
  agreementRequired: '请先阅读并同意《用户协议》和《隐私保护指引》',
} as const;

/**
 * A failure with a message meant for the user: the server's `status.message` in plain words
 * (e.g. `该手机号已绑定`), or one of {@link CLIENT_MESSAGES}.
 */
export class UserFacingError extends Error {
  /** The server's `status.code` (= HTTP status); 0 when the server never answered. */
  readonly status: number;
  /** From `Retry-After` on a 429: seconds until the same call may succeed. */
  readonly retryAfterSeconds?: number;
  /** The server's own words, for the code that acts on them (never shown). */
  readonly serverMessage?: string;

  constructor(message: string, status = 0, retryAfterSeconds?: number, serverMessage?: string) {
    super(message);
    // DevTools may compile classes to ES5, where extending Error loses the prototype.
    Object.setPrototypeOf(this, UserFacingError.prototype);
    this.name = 'UserFacingError';
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
    this.serverMessage = serverMessage;
  }

  /** A refusal from the server: its message turned into words for people. */
  static fromServer(message: string, status: number, retryAfterSeconds?: number): UserFacingError {
    return new UserFacingError(plainWords(message, status), status, retryAfterSeconds, message);
  }
}

/** No usable session and none could be renewed without the user: show the sign-in page. */
export class SignInRequiredError extends Error {
  constructor() {
    super('请重新登录');
    Object.setPrototypeOf(this, SignInRequiredError.prototype);
    this.name = 'SignInRequiredError';
  }
}

/** The text to show for any error: the user-facing message, else a generic one. */
export function userMessage(error: unknown): string {
  if (error instanceof UserFacingError || error instanceof SignInRequiredError) {
    return error.message;
  }
  return CLIENT_MESSAGES.unknown;
}
